using BotHub.Admin.Features.Users;

namespace BotHub.Admin.Features.Tiers;

/// <summary>The tier usage page's query and its CSV export. TierOptions and QuotaReader are registered with compose.</summary>
public static class TiersFeature
{
    public static void AddTiers(this WebApplicationBuilder builder) => builder.Services.AddSingleton<TierUsageQuery>();

    public static void MapTiers(this WebApplication app)
    {
        app.MapGet("/tiers/export.csv", async (HttpContext context, TierUsageQuery query, int? channel, int? days) =>
        {
            var range = days is { } d && TierUsageQuery.Ranges.Contains(d) ? d : TierUsageQuery.Ranges[1];
            var usage = await query.LoadAsync(channel, range, context.RequestAborted);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{TierUsageCsv.FileName(range)}\"";
            await TierUsageCsv.WriteAsync(context.Response.Body, usage, context.RequestAborted);
        }).RequireAuthorization(Policies.Manager);
    }
}
