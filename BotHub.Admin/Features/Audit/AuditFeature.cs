using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Features.Clock;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Features.Audit;

/// <summary>The audit log (append-only), who the actor of a circuit or request is, the log's page query and its export.</summary>
public static class AuditFeature
{
    public static void AddAudit(this WebApplicationBuilder builder) => builder.Services.AddAudit();

    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditQuery>();
        services.AddScoped<ClientAddress>();
        services.AddScoped<CurrentActor>();
        return services;
    }

    public static void MapAudit(this WebApplication app)
    {
        app.MapGet("/audit/export.csv", async (HttpContext context, AuditQuery query,
            string? user, AuditKind? kind, DateOnly? from, DateOnly? to, string? zone) =>
        {
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"audit.csv\"";
            // The days are the person's (the page sends its zone); the file's times stay UTC, as its header says.
            var filter = new AuditFilter(user, kind, from, to,
                TimeZones.IsKnown(zone) && TimeZoneInfo.TryFindSystemTimeZoneById(zone!, out var z) ? z : null);
            await AuditCsv.WriteAsync(context.Response.Body, query.StreamAsync(filter, context.RequestAborted), context.RequestAborted);
        }).RequireAuthorization(Policies.Admin);
    }
}
