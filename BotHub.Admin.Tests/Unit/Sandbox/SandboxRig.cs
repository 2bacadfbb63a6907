using System.Text;
using System.Text.Json.Nodes;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sandbox;

/// <summary>A <see cref="SandboxProvider"/> on a fake clock with one channel, and short ways to call it.</summary>
public sealed class SandboxRig
{
    /// <summary>10:30:15.000 UTC: a whole second, so tests can reason about wall-clock seconds.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 30, 15, TimeSpan.Zero);

    public SandboxRig(SandboxOptions? options = null, int tier = 1, TimeZoneInfo? zone = null)
    {
        Options = options ?? new SandboxOptions();
        Channels = new StaticSandboxChannels(new SandboxChannel(SandboxMessages.Bot, [SandboxMessages.Key], tier, zone ?? TimeZoneInfo.Utc));
        Provider = new SandboxProvider(Channels, Faults, Microsoft.Extensions.Options.Options.Create(Options), Time);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public SandboxOptions Options { get; }

    public StaticSandboxChannels Channels { get; }

    /// <summary>Seeded, so the dice fall the same way on every run.</summary>
    public SandboxFaults Faults { get; } = new(new Random(20260302));

    public SandboxProvider Provider { get; }

    public SandboxChannelStats Stats => Provider.Stats().Channels[SandboxMessages.Bot];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<SandboxAnswer> SendAsync(JsonNode body, string? key = SandboxMessages.Key, string bot = SandboxMessages.Bot) =>
        await Provider.SendAsync(bot, key, SandboxMessages.Bytes(body), Ct);

    public async Task<SandboxAnswer> SendRawAsync(string body) =>
        await Provider.SendAsync(SandboxMessages.Bot, SandboxMessages.Key, Encoding.UTF8.GetBytes(body), Ct);

    public async Task<SandboxAnswer> CheckAsync(JsonNode body, string? key = SandboxMessages.Key) =>
        await Provider.CheckAsync(SandboxMessages.Bot, key, SandboxMessages.Bytes(body), Ct);

    /// <summary>The user writes to the channel now, which opts them in for the rest of the channel's day.</summary>
    public async Task WritesAsync(string user = SandboxMessages.User, string text = "hello")
    {
        var outcome = await Provider.RecordInboundAsync(SandboxMessages.Bot, user, "A user", text, Ct);
        Assert.Null(outcome.Refusal);
    }

    /// <summary>Sends a text to each of these users (who must have written) and returns the answers.</summary>
    public async Task<List<SandboxAnswer>> SendToAllAsync(IEnumerable<string> users)
    {
        var answers = new List<SandboxAnswer>();
        foreach (var user in users)
        {
            answers.Add(await SendAsync(SandboxMessages.Text(to: user)));
        }

        return answers;
    }

    public static string UserNo(int n) => "+86139" + n.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
}

public static class SandboxAnswerAssert
{
    public static void IsError(SandboxAnswer answer, int status, int code, string? message = null, int? subcode = null)
    {
        Assert.True(answer.Error is not null, $"expected error {code}, got HTTP {answer.Status} success");
        Assert.Equal((status, code, subcode ?? answer.Error.Subcode), (answer.Status, answer.Error.Code, answer.Error.Subcode));
        if (message is not null)
        {
            Assert.Equal(message, answer.Error.Message);
        }
    }

    public static void IsAccepted(SandboxAnswer answer)
    {
        Assert.True(answer.Error is null, $"expected acceptance, got {answer.Error?.Code} {answer.Error?.Message}");
        Assert.Equal(200, answer.Status);
        Assert.True(answer.Body.Result);
        Assert.Equal(SandboxFaultKind.None, answer.Fault);
    }
}
