using System.Globalization;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Benchmarks;

/// <summary>
/// What the engine benchmarks run on: the app in sandbox mode with the engine on, its channels declared in configuration,
/// quotas out of the way, and the sandbox knowing the channels without asking the app's database.
/// </summary>
/// <param name="name">Names the channels' keys and secrets.</param>
/// <param name="channels">How many channels (bot phones <see cref="Bot"/>(0) and up).</param>
/// <param name="rate">Requests per second of each channel, for the app's sender and the sandbox's limit alike; null keeps the
/// spec's 20/s with the sandbox's bucket of 40. Given, the app also pools its connections, as it runs when deployed (the test
/// apps turn pooling off to let go of their files).</param>
/// <param name="extra">More settings, e.g. the sandbox's own records kept short.</param>
public class EngineBenchApp(string name, int channels, int? rate = null, IReadOnlyDictionary<string, string?>? extra = null) : TestApp
{
    public static string Bot(int channel) => string.Create(CultureInfo.InvariantCulture, $"+8613900{channel:D5}");

    public string Key(int channel) => string.Create(CultureInfo.InvariantCulture, $"{name}-key-{channel}-0123456789");

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var s = base.Settings;
            s["Sending:Enabled"] = "true";
            s["Sending:IdlePoll"] = "00:00:00.200";
            s["Bsp:Tiers:Tier1Limit"] = s["Bsp:Tiers:Tier2Limit"] = s["Bsp:Tiers:Tier3Limit"] = "1000000";
            s["Bsp:Tiers:Tier2UpgradeAt"] = s["Bsp:Tiers:Tier3UpgradeAt"] = "1000000";
            for (var t = 0; t < 3; t++)
            {
                s[$"Bsp:Sandbox:TierLimits:{t}"] = "1000000";
            }

            if (rate is { } r)
            {
                s["ConnectionStrings:Default"] = s["ConnectionStrings:Default"]!.Replace(";Pooling=False", "", StringComparison.Ordinal);
                s["Bsp:Sandbox:BucketRate"] = Text(r);
                s["Bsp:Sandbox:BucketSize"] = Text(2 * r);
            }

            foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            {
                s[key] = value;
            }

            for (var c = 0; c < channels; c++)
            {
                s[$"Bsp:Channels:{c}:BotPhone"] = Bot(c);
                s[$"Bsp:Channels:{c}:Name"] = string.Create(CultureInfo.InvariantCulture, $"{name} {c}");
                s[$"Bsp:Channels:{c}:TimeZone"] = "UTC";
                s[$"Bsp:Channels:{c}:ApiKey"] = Key(c);
                s[$"Bsp:Channels:{c}:WebhookSecret"] = string.Create(CultureInfo.InvariantCulture, $"{name}-secret-{c}-0123456789");
                if (rate is { } perChannel)
                {
                    s[$"Bsp:Channels:{c}:RatePerSecond"] = s[$"Bsp:Channels:{c}:Burst"] = Text(perChannel);
                }
            }

            return s;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<ISandboxChannels>(new StaticSandboxChannels(Enumerable.Range(0, channels)
            .Select(c => new SandboxChannel(Bot(c), [Key(c)], 1, TimeZoneInfo.Utc)))));
    }

    public Task<AppDbContext> DbAsync() =>
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);

    /// <summary>The channels' ids, in the order of their bot phones (channel 0 first).</summary>
    public async Task<List<int>> ChannelIdsAsync()
    {
        await using var db = await DbAsync();
        return await db.Channels.OrderBy(c => c.BotPhone).Select(c => c.Id).ToListAsync(Xunit.TestContext.Current.CancellationToken);
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
