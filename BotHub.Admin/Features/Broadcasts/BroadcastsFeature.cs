using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Features.Broadcasts;

public static class BroadcastsFeature
{
    public static void AddBroadcasts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BroadcastQuery>();
        builder.Services.AddSingleton<Live.BroadcastFailures>();
        builder.Services.AddSingleton<BroadcastCsv>();
        builder.Services.AddHostedService<CompletionAudit>();
    }

    /// <summary>The broadcast pages' downloads, for the same people as the pages.</summary>
    public static void MapBroadcasts(this WebApplication app)
    {
        app.MapGet("/broadcasts/{id:int}/deliveries.csv", (int id, DeliveryState? state, HttpContext context, BroadcastCsv csv, AuditLog audit) =>
            ExportAsync(context, csv, audit, id, new DeliveryExportFilter(state), BroadcastCsv.DeliveriesFileName(id, state)))
            .RequireAuthorization(Policies.Staff);

        app.MapGet("/broadcasts/{id:int}/failures.csv", (int id, int? code, HttpContext context, BroadcastCsv csv, AuditLog audit) =>
            ExportAsync(context, csv, audit, id, new DeliveryExportFilter(DeliveryState.Failed, code), BroadcastCsv.FailuresFileName(id, code)))
            .RequireAuthorization(Policies.Staff);
    }

    private static async Task<IResult> ExportAsync(HttpContext context, BroadcastCsv csv, AuditLog audit, int id, DeliveryExportFilter filter,
        string fileName)
    {
        if (!await csv.ExistsAsync(id, context.RequestAborted))
        {
            return Results.NotFound();
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        var count = await csv.WriteAsync(context.Response.Body, id, filter, context.RequestAborted);
        // Who took a copy of recipients' numbers, as for the recipients export; written once the whole file went out.
        await audit.WriteAsync(CurrentActor.FromRequest(context), AuditKind.BroadcastExported, $"broadcast {id}",
            AuditText.Of("AuditDetail.BroadcastExported", fileName, count), CancellationToken.None);
        return Results.Empty;
    }
}
