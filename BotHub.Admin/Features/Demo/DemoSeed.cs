using System.Net.Http.Json;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Features.Recipients;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Demo;

/// <summary>
/// Demo:Seed — a fresh database gets a sandbox channel and a few hundred recipients, and once the app listens,
/// some of them "write in" through the sandbox and the signed webhook, so a new user sees a live-looking system.
/// </summary>
public sealed class DemoSeed(IDbContextFactory<AppDbContext> factory, ChannelAdmin channels, TimeProvider time)
{
    public const string BotPhone = "+8613800000000";
    public const int RecipientCount = 300;
    public const int WritingToday = 120;

    private static readonly string[] Given = ["Wei", "Fang", "Min", "Jing", "Lei", "Anna", "Carlos", "Priya", "Tom", "Yuki", "Omar", "Sofia"];
    private static readonly string[] Family = ["Li", "Wang", "Zhang", "Liu", "Chen", "Müller", "Garcia", "Sharma", "Smith", "Sato", "Haddad", "Rossi"];
    private static readonly string[] Cities = ["Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Berlin", "Madrid", "Mumbai"];
    private static readonly string[] Tags = ["vip", "newsletter", "support", "trial", "wholesale"];

    /// <summary>Creates the demo channel and recipients when the database has neither; true when it did.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Channels.AnyAsync(ct) || await db.Recipients.AnyAsync(ct))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var channel = new Channel { BotPhone = BotPhone, Name = "Demo bot (sandbox)", TimeZone = "Asia/Shanghai", Tier = 1, CreatedUtc = now };
        channel.Keys.Add(channels.NewKey(ChannelSecrets.NewWebhookSecret(), "demo seed", fromConfiguration: false));
        channels.Rotate(channel, ChannelSecrets.NewWebhookSecret());
        db.Channels.Add(channel);

        var random = new Random(20261125);
        for (var i = 0; i < RecipientCount; i++)
        {
            var recipient = new Recipient
            {
                Phone = DemoPhone(i),
                Name = $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}",
                OptIn = i % 10 == 9 ? OptInStatus.OptedOut : OptInStatus.OptedIn,
                OptInSource = OptInSource.Import,
                OptInChangedUtc = now.AddDays(-random.Next(1, 60)),
                CreatedUtc = now.AddDays(-random.Next(1, 90)),
                Attributes = new() { ["city"] = Cities[random.Next(Cities.Length)], ["plan"] = random.Next(3) == 0 ? "pro" : "basic" },
            };
            foreach (var tag in Tags.Where(_ => random.Next(4) == 0))
            {
                recipient.Tags.Add(new RecipientTag { Tag = tag });
            }

            db.Recipients.Add(recipient);
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The demo channel is there (made by this seed on an earlier start).</summary>
    public async Task<bool> DemoChannelExistsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Channels.AnyAsync(c => c.BotPhone == BotPhone, ct);
    }

    /// <summary>Today's inbound messages, through the sandbox's own endpoint (a client with its token), so they arrive like the provider's.</summary>
    public static async Task SimulateInboundAsync(HttpClient sandbox, CancellationToken ct)
    {
        string[] texts = ["Hi, is my order on the way?", "您好，我想咨询一下", "Can I change my delivery address?", "谢谢！", "What are your opening hours?"];
        for (var i = 0; i < WritingToday; i++)
        {
            using var response = await sandbox.PostAsJsonAsync("/_sandbox/inbound",
                new { bot = BotPhone, from = DemoPhone(i), text = texts[i % texts.Length] }, ct);
        }
    }

    private static string DemoPhone(int i) => $"+86139{10_000_000 + i * 7919 % 89_999_999:D8}";
}

/// <summary>Runs the seed at start and the simulated inbound messages once the app (and its webhook) listens.</summary>
public sealed class DemoSeedService(DemoSeed seed, IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<DemoSeedService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The sandbox keeps who wrote today in memory, so on every start of the demo the same people write again:
        // without it, a restarted demo's sends would all be refused by the pre-send check.
        var seeded = await seed.SeedAsync(stoppingToken);
        if (services.GetService<SandboxServer>() is not { } sandbox || !(seeded || await seed.DemoChannelExistsAsync(stoppingToken)))
        {
            return;
        }

        await WhenStartedAsync(stoppingToken);
        try
        {
            using var http = sandbox.NewControlClient();
            await DemoSeed.SimulateInboundAsync(http, stoppingToken);
            DemoLog.Seeded(log, DemoSeed.RecipientCount, DemoSeed.WritingToday);
        }
        catch (HttpRequestException e)
        {
            DemoLog.InboundFailed(log, e);
        }
    }

    private Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource();
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }
}

internal static partial class DemoLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Recipients} recipients, {Writing} of them wrote to the demo bot today")]
    public static partial void Seeded(ILogger logger, int recipients, int writing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo data: the simulated inbound messages could not be delivered")]
    public static partial void InboundFailed(ILogger logger, Exception e);
}
