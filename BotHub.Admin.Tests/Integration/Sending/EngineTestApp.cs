using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Demo;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>
/// The app as shipped (sandbox mode, the sandbox inside, real time) with the sending engine on and quick retries.
/// Every test makes a channel and users of its own, so tests of one class share the app; the sandbox's faults are
/// server-wide, so a test that sets them clears them when done (tests of one class run one at a time).
/// </summary>
public class EngineTestApp : TestApp
{
    private static int _lastBot;
    private static int _lastUser;

    /// <summary>What the sandbox, standing in for the provider's account, knows as each bot's keys when they differ from the app's.</summary>
    public ProviderAccount Account { get; } = new();

    /// <summary>Every provider request the app made (send and check), in order, with its id and recipient.</summary>
    public ProviderRequestLog Requests { get; } = new();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var s = base.Settings;
            s["Bsp:Mode"] = "Sandbox";
            // No time-out on a busy test machine: one would be a transient failure and a retry 10 to 20 s later.
            s["Bsp:RequestTimeout"] = "00:00:30";
            s["Sending:Enabled"] = "true";
            s["Sending:IdlePoll"] = "00:00:00.100";
            // A retry is due 10 to 20 s after the first failure: far beyond what a test waits for, so a test that wants it
            // brings it forward (RetryNowAsync) once it has looked at the failure and changed the faults: no race.
            s["Sending:FirstRetryDelay"] = "00:00:20";
            s["Sending:MaxRetryDelay"] = "00:00:40";
            s["Sending:MaxAttempts"] = "2";
            // A channel whose requests all fail holds, and probes the provider this often (5 s by default).
            s["Sending:ProbeEvery"] = "00:00:00.200";
            return s;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<ISandboxChannels>(sp => new AccountSandboxChannels(new ChannelsForSandbox(sp.GetRequiredService<ChannelDirectory>()), Account));
            s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new RecordingHandler(Requests)));
        });
    }

    public SandboxServer Sandbox => Services.GetRequiredService<SandboxServer>();

    public async Task<AppDbContext> DbAsync(CancellationToken ct) =>
        await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);

    /// <summary>
    /// The time zone of a whole hour offset in which it is now about noon, so that "today" cannot end during a test.
    /// </summary>
    public static string NoonZone()
    {
        var offset = 12 - DateTime.UtcNow.Hour;
        return offset switch
        {
            0 => "Etc/GMT",
            > 0 => $"Etc/GMT-{offset.ToString(CultureInfo.InvariantCulture)}",
            _ => $"Etc/GMT+{(-offset).ToString(CultureInfo.InvariantCulture)}",
        };
    }

    /// <summary>A channel with an API key and a webhook secret, as the demo seed makes one; returns its id and bot phone.</summary>
    public async Task<(int Id, string Bot)> CreateChannelAsync(CancellationToken ct, int tier = 1, string? zone = null)
    {
        var bot = $"+86137{Interlocked.Increment(ref _lastBot):D8}";
        var admin = Services.GetRequiredService<ChannelAdmin>();
        await using var db = await DbAsync(ct);
        var channel = new Channel { BotPhone = bot, Name = $"Engine bot {bot}", TimeZone = zone ?? NoonZone(), Tier = tier, CreatedUtc = DateTime.UtcNow };
        channel.Keys.Add(admin.NewKey($"sk-engine-{Guid.NewGuid():N}", "engine tests", fromConfiguration: false));
        admin.Rotate(channel, ChannelSecrets.NewWebhookSecret());
        db.Channels.Add(channel);
        await db.SaveChangesAsync(ct);
        return (channel.Id, bot);
    }

    /// <summary>Phone numbers no other test of this process uses.</summary>
    public static string[] NewUsers(int count) =>
        Enumerable.Range(0, count).Select(_ => $"+86136{Interlocked.Increment(ref _lastUser):D8}").ToArray();

    /// <summary>The users write to the bot through the sandbox, which records their opt-in and forwards the signed webhook to the app.</summary>
    public Task WriteInAsync(string bot, IEnumerable<string> users, CancellationToken ct) => WriteInAsync(bot, users, "Hello", ct);

    /// <summary>As <see cref="WriteInAsync(string, IEnumerable{string}, CancellationToken)"/>, with this text (e.g. "STOP").</summary>
    public async Task WriteInAsync(string bot, IEnumerable<string> users, string text, CancellationToken ct)
    {
        using var http = Sandbox.NewControlClient();
        foreach (var user in users)
        {
            using var response = await http.PostAsJsonAsync("/_sandbox/inbound", new { bot, from = user, name = "User", text }, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Contains("\"delivered\":true", body, StringComparison.Ordinal);
        }
    }

    /// <summary>A text broadcast to the pasted numbers, made as the composer's Send makes it; returns its id.</summary>
    /// <param name="shape">Changes the composition before it is sent, e.g. its schedule or "keep for N days".</param>
    public async Task<int> BroadcastAsync(int channelId, IEnumerable<string> users, CancellationToken ct, Action<ComposeModel>? shape = null)
    {
        var model = new ComposeModel
        {
            ChannelId = channelId,
            Message = new ComposedMessage { Type = "text", Body = "Hello from the engine tests" },
            Audience = new AudienceChoice { Mode = AudienceMode.Pasted, Pasted = string.Join('\n', users) },
        };
        shape?.Invoke(model);
        var result = await Services.GetRequiredService<BroadcastCreator>()
            .CreateAsync(model, new AuditActor("user-1", "staff@test.local", "127.0.0.1"), ct);
        Assert.True(result.Created, result.Error?.ToString());
        return result.BroadcastId!.Value;
    }

    /// <summary>Polls until the condition holds; fails the test after the timeout.</summary>
    public async Task WaitUntilAsync(Func<AppDbContext, Task<bool>> condition, string what, CancellationToken ct, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            await using (var db = await DbAsync(ct))
            {
                if (await condition(db))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {seconds} s waiting for: {what}");
            await Task.Delay(25, ct);
        }
    }

    /// <summary>Waits until the broadcast has left the running states (Sending, Queued): Completed, or WaitingForQuota.</summary>
    public Task WaitSettledAsync(int broadcastId, CancellationToken ct) =>
        WaitUntilAsync(async db => await db.Broadcasts.AnyAsync(b => b.Id == broadcastId
            && (b.State == BroadcastState.Completed || b.State == BroadcastState.WaitingForQuota), ct), $"broadcast {broadcastId} to settle", ct);

    /// <summary>The audit log's word on how the broadcast ended, once the engine has reported it complete.</summary>
    public async Task<string?> CompletionAuditedAsync(int broadcastId, CancellationToken ct)
    {
        var subject = $"broadcast {broadcastId}";
        await WaitUntilAsync(async db => await db.AuditEntries.AnyAsync(a => a.Kind == AuditKind.BroadcastCompleted && a.Subject == subject, ct),
            $"the audit entry of how broadcast {broadcastId} ended", ct);
        await using var db = await DbAsync(ct);
        return await db.AuditEntries.Where(a => a.Kind == AuditKind.BroadcastCompleted && a.Subject == subject).Select(a => a.Details).SingleAsync(ct);
    }

    /// <summary>
    /// Waits until <paramref name="count"/> of the broadcast's deliveries failed and wait for their retry, then
    /// makes the retries due now, as if the backoff had passed. Returns the deliveries as they waited.
    /// </summary>
    /// <param name="whileWaiting">Runs before the retries are made due, while nothing moves.</param>
    public async Task<List<Delivery>> RetryNowAsync(int broadcastId, int count, CancellationToken ct, Func<Task>? whileWaiting = null)
    {
        await WaitUntilAsync(async db => await db.Deliveries.CountAsync(d => d.BroadcastId == broadcastId
            && d.State == DeliveryState.Queued && d.LastCode != null && d.NextAttemptUtc != null, ct) == count, "every first attempt to fail", ct);
        await using var db = await DbAsync(ct);
        var waiting = await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == broadcastId).ToListAsync(ct);
        if (whileWaiting is not null)
        {
            await whileWaiting();
        }

        await db.Deliveries.Where(d => d.BroadcastId == broadcastId && d.State == DeliveryState.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptUtc, DateTime.UtcNow), ct);
        return waiting;
    }

    public async Task SetFaultsAsync(string json, CancellationToken ct)
    {
        using var http = Sandbox.NewControlClient();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(new Uri("/_sandbox/faults", UriKind.Relative), content, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>The sandbox's <c>GET /_sandbox/stats</c> for one bot.</summary>
    public async Task<JsonNode> StatsAsync(string bot, CancellationToken ct)
    {
        using var http = Sandbox.NewControlClient();
        var stats = JsonNode.Parse(await http.GetStringAsync(new Uri("/_sandbox/stats", UriKind.Relative), ct))!;
        return stats["channels"]![bot] ?? throw new InvalidOperationException($"the sandbox has no stats for {bot}");
    }
}

/// <summary>The app of <see cref="EngineTestApp"/> with its engine off: the test plays the engine, or starts one itself.</summary>
public sealed class EngineOffTestApp : EngineTestApp
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var s = base.Settings;
            s["Sending:Enabled"] = "false";
            return s;
        }
    }
}

/// <summary>The keys the provider's account holds for a bot, when a test makes them differ from the app's (a key revoked at the provider).</summary>
public sealed class ProviderAccount
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _keys = new(StringComparer.Ordinal);

    public void SetKeys(string bot, params string[] keys) => _keys[bot] = keys;

    public IReadOnlyList<string>? KeysOf(string bot) => _keys.TryGetValue(bot, out var keys) ? keys : null;
}

/// <summary>The app's channels as the sandbox sees them, with the keys a test set in the <see cref="ProviderAccount"/> instead.</summary>
internal sealed class AccountSandboxChannels(ChannelsForSandbox inner, ProviderAccount account) : ISandboxChannels
{
    public async ValueTask<SandboxChannel?> FindAsync(string botPhone, CancellationToken ct)
    {
        var channel = await inner.FindAsync(botPhone, ct);
        return channel is not null && account.KeysOf(botPhone) is { } keys ? channel with { ApiKeys = keys } : channel;
    }
}

/// <param name="At">When the app sent it (the system clock).</param>
public sealed record ProviderRequest(string Bot, bool IsCheck, string Id, string To, DateTimeOffset At = default);

public sealed class ProviderRequestLog
{
    private readonly ConcurrentQueue<ProviderRequest> _requests = new();

    public void Add(ProviderRequest request) => _requests.Enqueue(request);

    /// <summary>Requests (check or send) to any of these numbers throw in the app's HTTP client: a unit of work that fails.</summary>
    public ConcurrentDictionary<string, bool> ThrowFor { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ProviderRequest> All => [.. _requests];

    public IReadOnlyList<ProviderRequest> Sends(string to) => _requests.Where(r => !r.IsCheck && r.To == to).ToList();

    public IReadOnlyList<ProviderRequest> Checks(string to) => _requests.Where(r => r.IsCheck && r.To == to).ToList();
}

/// <summary>Notes the id and recipient of every provider call the app's HTTP clients make; passes everything on unchanged.</summary>
internal sealed class RecordingHandler(ProviderRequestLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        var isSend = path.EndsWith("/messages", StringComparison.Ordinal);
        var isCheck = path.EndsWith("/contacts/check", StringComparison.Ordinal);
        if ((isSend || isCheck) && request.Content is { } content && path.Split('/') is [_, "channels", var bot, ..])
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            var body = JsonNode.Parse(await content.ReadAsStringAsync(cancellationToken));
            var to = (string?)body?["to"] ?? "";
            if (log.ThrowFor.ContainsKey(to))
            {
                throw new InvalidOperationException($"test: the unit of work for {to} fails");
            }

            log.Add(new ProviderRequest(Uri.UnescapeDataString(bot), isCheck, (string?)body?["id"] ?? "", to, DateTimeOffset.UtcNow));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
