using System.Net;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration.Account;

/// <summary>The rate limiter on sign-in posts: per address, per account, a 429 page, and an audit log that cannot be flooded.</summary>
public sealed class SignInThrottleTests(SignInTestApp app) : IClassFixture<SignInTestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<AuditEntry>> AuditFromAsync(string address)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.Where(e => e.Address == address).OrderBy(e => e.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task EleventhPostInAMinuteFromOneAddress_Is429WithRetryAfter_AndAPageSayingHowLongToWait()
    {
        const string address = "198.51.100.11";
        using var client = app.NewClient(address);
        for (var i = 1; i <= SignInTestApp.PerAddress; i++)
        {
            var answer = await client.SignInAsync($"nobody{i}@test.local", "some passphrase");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("Wrong email or password.", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var refused = await client.SignInAsync("nobody11@test.local", "some passphrase");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var seconds = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(seconds, 1, 60);
        var page = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Too many attempts", page, StringComparison.Ordinal);
        Assert.Contains($"Wait {seconds} seconds", page, StringComparison.Ordinal);

        // The page itself is not counted: a person can still open it (and is refused again only on posting).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login", Ct)).StatusCode);
    }

    [Fact]
    public async Task SixtyRapidFailedPosts_AddNoMoreAuditRowsThanTheLimit_PlusOneSayingTheRestWereRefused()
    {
        const string address = "198.51.100.60";
        using var client = app.NewClient(address);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 60; i++)
        {
            statuses.Add((await client.SignInAsync($"flood{i}@test.local", "some passphrase")).StatusCode);
        }

        Assert.Equal(SignInTestApp.PerAddress, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(60 - SignInTestApp.PerAddress, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var rows = await AuditFromAsync(address);
        Assert.Equal(SignInTestApp.PerAddress, rows.Count(r => r.Kind == AuditKind.SignInFailed));
        var throttled = Assert.Single(rows, r => r.Kind == AuditKind.SignInThrottled);
        Assert.Equal($"address:{address}", throttled.Subject);
        Assert.Equal(SignInTestApp.PerAddress + 1, rows.Count);
    }

    [Fact]
    public async Task PerAccountLimit_HoldsAcrossAddresses()
    {
        const string email = "target@test.local";
        for (var i = 1; i <= SignInTestApp.PerAccount; i++)
        {
            using var client = app.NewClient($"203.0.113.{i}");
            Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(email, $"guess {i}")).StatusCode);
        }

        using var fresh = app.NewClient("203.0.113.99");
        var refused = await fresh.SignInAsync(email.ToUpperInvariant(), "guess 6");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var row = Assert.Single(await AuditFromAsync("203.0.113.99")); // the refusal's one line, no failed sign-in
        Assert.Equal(AuditKind.SignInThrottled, row.Kind);
        Assert.Equal($"account:{email.ToUpperInvariant()}", row.Subject);

        // Another account from that address is not held back by it.
        Assert.Equal(HttpStatusCode.OK, (await fresh.SignInAsync("someone.else@test.local", "guess")).StatusCode);
    }

    [Fact]
    public async Task RefusalPage_SpeaksTheVisitorsLanguage()
    {
        using var client = app.NewClient("198.51.100.86");
        await client.GetAsync("/culture/set?culture=zh-CN&redirectUri=/", Ct);
        HttpResponseMessage last;
        var i = 0;
        do
        {
            last = await client.SignInAsync($"zh{i++}@test.local", "some passphrase");
        }
        while (last.StatusCode == HttpStatusCode.OK && i < 20);

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Contains("尝试次数过多", WebUtility.HtmlDecode(await last.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
    }
}
