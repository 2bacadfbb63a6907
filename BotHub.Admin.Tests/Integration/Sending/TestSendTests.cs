using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Integration.Compose;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BotHub.Admin.Tests.Integration.Compose.ComposeSeed;
using BotHub.Admin.Features.Compose;

namespace BotHub.Admin.Tests.Integration.Sending;

/// <summary>Test sends kept apart: one audit entry to the number, hidden from the list unless asked, and a reason when the number cannot get a push.</summary>
public sealed class TestSendTests : IClassFixture<ChannelTestApp>
{
    private readonly ChannelTestApp _app;

    public TestSendTests(ChannelTestApp app)
    {
        _app = app;
        _app.EnsureDaytime();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestSender Tests => _app.Services.GetRequiredService<TestSender>();

    private async Task<CreateResult> TestSendAsync(string phone) =>
        await Tests.SendAsync(Text((await _app.ChannelAsync()).Id, "Hello", Tagged(NewTag())), phone, Staff, Ct);

    [Fact]
    public async Task TestSend_WritesOneEntry_ATestSendToTheNumber_AndNoBroadcastCreatedEntry()
    {
        var person = (await _app.SeedAsync(NewTag(), new Person(LastInboundUtc: _app.Now())))[0];

        var result = await TestSendAsync(person.Phone);

        Assert.True(result.Created, result.Error?.ToString());
        await using var db = await _app.DbAsync();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Subject == person.Phone || a.Subject == $"broadcast {result.BroadcastId}" || a.Details == $"broadcast {result.BroadcastId}")
            .ToListAsync(Ct);
        var entry = Assert.Single(entries);
        Assert.Equal((AuditKind.TestSent, person.Phone, $"test send to {person.Phone} (broadcast {result.BroadcastId})"), (entry.Kind, entry.Subject, entry.Details));
    }

    [Theory]
    [InlineData("silent", ExclusionReason.NoMessageToday)]
    [InlineData("opted out", ExclusionReason.OptedOut)]
    [InlineData("not opted in", ExclusionReason.NotOptedIn)]
    [InlineData("unknown", ExclusionReason.NotARecipient)]
    public async Task NumberThatCannotGetAPushNow_MakesNothing_AndSaysWhy(string who, ExclusionReason reason)
    {
        var phone = who switch
        {
            "silent" => (await _app.SeedAsync(NewTag(), new Person(LastInboundUtc: _app.Yesterday())))[0].Phone,
            "opted out" => (await _app.SeedAsync(NewTag(), new Person(OptInStatus.OptedOut, _app.Now())))[0].Phone,
            "not opted in" => (await _app.SeedAsync(NewTag(), new Person(OptInStatus.Unknown, _app.Now())))[0].Phone,
            _ => NewPhone(),
        };
        await using var db = await _app.DbAsync();
        var before = await db.Broadcasts.CountAsync(Ct);

        var result = await TestSendAsync(phone);

        Assert.Equal((null, CreateError.NobodyToSend, reason), (result.BroadcastId, result.Error, result.Reason));
        Assert.Equal(before, await db.Broadcasts.CountAsync(Ct));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Kind == AuditKind.TestSent && a.Subject == phone, Ct));
    }

    [Fact]
    public async Task List_HidesTestSendsByDefault_AndShowsThemMarkedWhenAsked()
    {
        var person = (await _app.SeedAsync(NewTag(), new Person(LastInboundUtc: _app.Now())))[0];
        var id = (await TestSendAsync(person.Phone)).BroadcastId!.Value;
        var query = _app.Services.GetRequiredService<BroadcastQuery>();

        var (hidden, _) = await query.PageAsync(new BroadcastFilter(), 0, 500, Ct);
        var (shown, _) = await query.PageAsync(new BroadcastFilter(ShowTests: true), 0, 500, Ct);

        Assert.DoesNotContain(hidden, r => r.Id == id);
        Assert.DoesNotContain(hidden, r => r.IsTest);
        Assert.True(Assert.Single(shown, r => r.Id == id).IsTest);
    }
}
