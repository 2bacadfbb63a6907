using BotHub.Admin.Features.Users;

namespace BotHub.Admin.Features.Audit;

/// <summary>The audit log's export. AuditLog and AuditQuery are registered with the account services, which write sign-ins.</summary>
public static class AuditFeature
{
    public static void MapAudit(this WebApplication app)
    {
        app.MapGet("/audit/export.csv", async (HttpContext context, AuditQuery query,
            string? user, AuditKind? kind, DateOnly? from, DateOnly? to) =>
        {
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"audit.csv\"";
            var filter = new AuditFilter(user, kind, from, to);
            await AuditCsv.WriteAsync(context.Response.Body, query.StreamAsync(filter, context.RequestAborted), context.RequestAborted);
        }).RequireAuthorization(Policies.Admin);
    }
}
