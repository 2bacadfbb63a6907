using BotHub.Admin.Features.Users;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Features.Tiers;

/// <summary>The tiers' settings, today's quota as the composer and the engine read it, the usage page's query and its CSV export.</summary>
public static class TiersFeature
{
    public static void AddTiers(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TierOptions>().BindConfiguration(TierOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Tier1Limit <= o.Tier2Limit && o.Tier2Limit <= o.Tier3Limit && o.Tier2UpgradeAt <= o.Tier3UpgradeAt,
                "Bsp:Tiers: limits must grow from tier 1 to tier 3, and Tier2UpgradeAt must not exceed Tier3UpgradeAt.")
            .ValidateOnStart();
        builder.Services.AddSingleton<QuotaReader>();
        builder.Services.AddSingleton<TierUsageQuery>();
    }

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
