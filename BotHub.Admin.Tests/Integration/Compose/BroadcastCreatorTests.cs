using System.Text.RegularExpressions;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BotHub.Admin.Tests.Integration.Compose.ComposeSeed;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Integration.Compose;

public sealed partial class BroadcastCreatorTests : IClassFixture<ChannelTestApp>
{
    private readonly ChannelTestApp _app;

    public BroadcastCreatorTests(ChannelTestApp app)
    {
        _app = app;
        _app.EnsureDaytime();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BroadcastCreator Creator => _app.Services.GetRequiredService<BroadcastCreator>();

    private async Task<int> ChannelIdAsync() => (await _app.ChannelAsync()).Id;

    private async Task<(Broadcast Broadcast, List<Delivery> Deliveries)> LoadAsync(int id)
    {
        await using var db = await _app.DbAsync();
        var broadcast = await db.Broadcasts.AsNoTracking().SingleAsync(b => b.Id == id, Ct);
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.BroadcastId == id).OrderBy(d => d.Id).ToListAsync(Ct);
        return (broadcast, deliveries);
    }

    private async Task<(int Broadcasts, int Deliveries)> CountAllAsync()
    {
        await using var db = await _app.DbAsync();
        return (await db.Broadcasts.CountAsync(Ct), await db.Deliveries.CountAsync(Ct));
    }

    [Fact]
    public async Task Create_MixedAudience_QueuesTheEligible_AndExcludesEachWithItsReason()
    {
        var tag = NewTag();
        var now = _app.Now();
        var people = await _app.SeedAsync(tag,
            new Person(LastInboundUtc: now, Name: "Alice"),
            new Person(OptInStatus.OptedOut, now, "Bob"),
            new Person(OptInStatus.Unknown, now, "Carol"),
            new Person(LastInboundUtc: _app.Yesterday(), Name: "Dan"),
            new Person(LastInboundUtc: null, Name: "Eve"),
            new Person(LastInboundUtc: now, Name: null));

        var result = await Creator.CreateAsync(Text(await ChannelIdAsync(), "Hi {{name}}", Tagged(tag)), Staff, Ct);

        Assert.True(result.Created, result.Error?.ToString());
        Assert.Equal((1, 5), (result.Queued, result.Excluded));
        var (broadcast, deliveries) = await LoadAsync(result.BroadcastId!.Value);
        Assert.Equal((1, 5), (broadcast.Total, broadcast.Excluded));
        Assert.Equal(BroadcastState.Queued, broadcast.State);
        Assert.Equal(6, deliveries.Count);
        var byRecipient = deliveries.ToDictionary(d => d.RecipientId!.Value);
        Assert.Equal(DeliveryState.Queued, byRecipient[people[0].Id].State);
        Assert.Equal("Hi Alice", byRecipient[people[0].Id].Text);
        Assert.Equal(ExclusionReason.OptedOut, byRecipient[people[1].Id].Reason);
        Assert.Equal(ExclusionReason.NotOptedIn, byRecipient[people[2].Id].Reason);
        Assert.Equal(ExclusionReason.NoMessageToday, byRecipient[people[3].Id].Reason);
        Assert.Equal(ExclusionReason.NoMessageToday, byRecipient[people[4].Id].Reason);
        Assert.Equal(ExclusionReason.MissingVariable, byRecipient[people[5].Id].Reason);
        Assert.Equal("{{name}}", byRecipient[people[5].Id].ReasonDetail);
        Assert.All(deliveries.Where(d => d.State == DeliveryState.Excluded), d =>
        {
            Assert.Null(d.MessageId);
            Assert.Null(d.Text);
            Assert.Equal(0, d.Sequence);
        });
    }

    [Theory]
    [InlineData("  Spring sale  ", "Spring sale")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public async Task Create_KeepsTheNameTrimmed_OrNoneForABlankOne(string? typed, string? stored)
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now(), Name: "Alice"));
        var model = Text(await ChannelIdAsync(), "Hello", Tagged(tag));
        model.Name = typed;

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.Equal(stored, (await LoadAsync(result.BroadcastId!.Value)).Broadcast.Name);
    }

    [Fact]
    public async Task Create_ALongName_IsCutAtTheColumnBetweenWholeCharacters()
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now(), Name: "Alice"));
        var model = Text(await ChannelIdAsync(), "Hello", Tagged(tag));
        model.Name = new string('a', 99) + "😀😀"; // the emoji is two UTF-16 units: 101 would not fit, nor half of it

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.Equal(new string('a', 99), (await LoadAsync(result.BroadcastId!.Value)).Broadcast.Name);
    }

    [Fact]
    public async Task Create_PastedNumbers_ExcludesUnknownNumbersAndInvalidEntries()
    {
        var now = _app.Now();
        var known = await _app.SeedAsync(NewTag(), new Person(LastInboundUtc: now), new Person(OptInStatus.OptedOut, now));
        var unknown = NewPhone();
        var pasted = $"{known[0].Phone}\n{known[1].Phone}, {unknown}; hello\t{known[0].Phone}\n+86 138";

        var result = await Creator.CreateAsync(Text(await ChannelIdAsync(), "Hello",
            new AudienceChoice { Mode = AudienceMode.Pasted, Pasted = pasted }), Staff, Ct);

        Assert.True(result.Created, result.Error?.ToString());
        Assert.Equal((1, 4), (result.Queued, result.Excluded));
        var (broadcast, deliveries) = await LoadAsync(result.BroadcastId!.Value);
        Assert.Equal((1, 4), (broadcast.Total, broadcast.Excluded));
        Assert.StartsWith("pasted numbers", broadcast.Audience, StringComparison.Ordinal);
        var queued = Assert.Single(deliveries, d => d.State == DeliveryState.Queued);
        Assert.Equal((known[0].Id, known[0].Phone), (queued.RecipientId, queued.Phone));
        Assert.Equal(ExclusionReason.OptedOut, deliveries.Single(d => d.RecipientId == known[1].Id).Reason);
        var notRecipient = Assert.Single(deliveries, d => d.Reason == ExclusionReason.NotARecipient);
        Assert.Equal((null, unknown), (notRecipient.RecipientId, notRecipient.Phone));
        var invalid = deliveries.Where(d => d.Reason == ExclusionReason.InvalidNumber).ToList();
        Assert.Equal(["hello", "+86 138"], invalid.Select(d => d.Phone));
        Assert.All(invalid, d => Assert.Null(d.RecipientId));
        Assert.All(deliveries.Where(d => d.State == DeliveryState.Excluded), d => Assert.Null(d.MessageId));
    }

    [Fact]
    public async Task Create_EveryQueuedDelivery_HasItsOwnMessageId_AndTheTextRenderedForThatRecipient()
    {
        var tag = NewTag();
        var now = _app.Now();
        var people = await _app.SeedAsync(tag, Enumerable.Range(1, 12).Select(i => new Person(
            LastInboundUtc: now.AddSeconds(-i),
            Name: $"Person {i}",
            Attributes: i % 3 == 0 ? [] : new() { ["city"] = $"City {i}" })).ToArray());
        var model = Text(await ChannelIdAsync(), "Hi {{name}} ({{phone}}) in {{attr:city}}!", Tagged(tag));
        model.FallbackFor("attr:city").Exclude = false;
        model.FallbackFor("attr:city").Text = "your city";
        model.FallbackFor("attr:unused").Text = "kept out of the broadcast";

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.Equal((12, 0), (result.Queued, result.Excluded));
        var (broadcast, deliveries) = await LoadAsync(result.BroadcastId!.Value);
        Assert.Equal(12, broadcast.Total);
        Assert.Equal(model.Message.Body, broadcast.Template);
        Assert.Contains("your city", broadcast.FallbacksJson, StringComparison.Ordinal);
        Assert.DoesNotContain("attr:unused", broadcast.FallbacksJson, StringComparison.Ordinal);
        Assert.All(deliveries, d => Assert.Matches(Hex32(), d.MessageId));
        Assert.Equal(deliveries.Count, deliveries.Select(d => d.MessageId).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 12), deliveries.Select(d => d.Sequence).Order());
        foreach (var person in people)
        {
            var delivery = deliveries.Single(d => d.RecipientId == person.Id);
            var expected = MessageVariables.Render(model.Message.Body, new RecipientValues(person.Phone, person.Name, person.Attributes),
                model.Fallbacks);
            Assert.Equal(expected.Text, delivery.Text);
            Assert.Equal(person.Phone, delivery.Phone);
        }

        Assert.Equal($"Hi Person 3 ({people[2].Phone}) in your city!", deliveries.Single(d => d.RecipientId == people[2].Id).Text);
    }

    [Fact]
    public async Task Create_MessageIds_AreUniqueAcrossBroadcasts()
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()), new Person(LastInboundUtc: _app.Now()));
        var model = Text(await ChannelIdAsync(), "Same message", Tagged(tag));

        var first = await Creator.CreateAsync(model, Staff, Ct);
        var second = await Creator.CreateAsync(model, Staff, Ct);

        var ids = (await LoadAsync(first.BroadcastId!.Value)).Deliveries.Concat((await LoadAsync(second.BroadcastId!.Value)).Deliveries)
            .Select(d => d.MessageId).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(4, ids.Distinct().Count());
    }

    [Theory]
    [InlineData(SendOrder.RecentlyActiveFirst)]
    [InlineData(SendOrder.AsAdded)]
    public async Task Create_SequenceFollowsTheSendOrder(SendOrder order)
    {
        var tag = NewTag();
        var now = _app.Now();
        var people = await _app.SeedAsync(tag,
            new Person(LastInboundUtc: now.AddMinutes(-30)),
            new Person(LastInboundUtc: now.AddMinutes(-1)),
            new Person(LastInboundUtc: now.AddMinutes(-10)),
            new Person(OptInStatus.OptedOut, now),
            new Person(LastInboundUtc: now));
        var model = Text(await ChannelIdAsync(), "Hello", Tagged(tag));
        model.Order = order;

        var result = await Creator.CreateAsync(model, Staff, Ct);

        var (broadcast, deliveries) = await LoadAsync(result.BroadcastId!.Value);
        Assert.Equal(order, broadcast.Order);
        var sent = deliveries.Where(d => d.State == DeliveryState.Queued).OrderBy(d => d.Sequence).Select(d => d.RecipientId).ToList();
        int?[] expected = order == SendOrder.RecentlyActiveFirst
            ? [people[4].Id, people[1].Id, people[2].Id, people[0].Id]
            : [people[0].Id, people[1].Id, people[2].Id, people[4].Id];
        Assert.Equal(expected, sent);
        Assert.Equal([1, 2, 3, 4], deliveries.Where(d => d.State == DeliveryState.Queued).Select(d => d.Sequence).Order());
    }

    [Fact]
    public async Task Create_Scheduled_QueuesEveryoneWithAValidNumber_EligibilityIsJudgedAtRun()
    {
        var tag = NewTag();
        var now = _app.Now();
        var people = await _app.SeedAsync(tag,
            new Person(LastInboundUtc: now),
            new Person(OptInStatus.OptedOut, now),
            new Person(OptInStatus.Unknown),
            new Person(LastInboundUtc: _app.Yesterday()));
        var model = Text(await ChannelIdAsync(), "Tomorrow's offer", Tagged(tag));
        var at = _app.Clock.GetUtcNow().AddHours(20);
        model.ScheduleZone = "Asia/Shanghai";
        model.ScheduleLocal = TimeZoneInfo.ConvertTime(at, Shanghai).DateTime;

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.True(result.Created, result.Error?.ToString());
        Assert.Equal((4, 0), (result.Queued, result.Excluded));
        var (broadcast, deliveries) = await LoadAsync(result.BroadcastId!.Value);
        Assert.Equal(BroadcastState.Scheduled, broadcast.State);
        Assert.Equal(at.UtcDateTime, broadcast.ScheduledUtc!.Value, TimeSpan.FromMinutes(1));
        Assert.Equal("Asia/Shanghai", broadcast.ScheduleZone);
        Assert.Equal(people.Select(p => (int?)p.Id).Order(), deliveries.Select(d => d.RecipientId).Order());
        Assert.All(deliveries, d => Assert.Equal(DeliveryState.Queued, d.State));
    }

    [Fact]
    public async Task Create_KeepDays_QueuesOptedInUsersSilentToday_ButNotTheOptedOut()
    {
        var tag = NewTag();
        var now = _app.Now();
        var people = await _app.SeedAsync(tag,
            new Person(LastInboundUtc: now),
            new Person(LastInboundUtc: _app.Yesterday()),
            new Person(),
            new Person(OptInStatus.OptedOut, _app.Yesterday()));
        var model = Text(await ChannelIdAsync(), "Hi {{name}}", Tagged(tag));
        model.KeepDays = 3;

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.Equal((3, 1), (result.Queued, result.Excluded));
        var (broadcast, deliveries) = await LoadAsync(result.BroadcastId!.Value);
        Assert.Equal(3, broadcast.KeepDays);
        Assert.Equal(BroadcastState.Queued, broadcast.State);
        Assert.All(deliveries.Where(d => d.RecipientId != people[3].Id), d =>
        {
            Assert.Equal(DeliveryState.Queued, d.State);
            Assert.Equal("Hi Alice", d.Text);
            Assert.NotNull(d.MessageId);
        });
        Assert.Equal(ExclusionReason.OptedOut, deliveries.Single(d => d.RecipientId == people[3].Id).Reason);
    }

    [Fact]
    public async Task Create_WithoutKeepDays_SilentUsersAreExcluded_AndNobodyToSendCreatesNothing()
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Yesterday()), new Person(OptInStatus.OptedOut, _app.Now()));
        var before = await CountAllAsync();

        var result = await Creator.CreateAsync(Text(await ChannelIdAsync(), "Hello", Tagged(tag)), Staff, Ct);

        Assert.False(result.Created);
        Assert.Equal(CreateError.NobodyToSend, result.Error);
        Assert.Equal(2, result.Excluded);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task Create_ScheduleInThePast_CreatesNothing()
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()));
        var model = Text(await ChannelIdAsync(), "Hello", Tagged(tag));
        model.ScheduleZone = "Asia/Shanghai";
        model.ScheduleLocal = TimeZoneInfo.ConvertTime(_app.Clock.GetUtcNow().AddMinutes(-1), Shanghai).DateTime;
        var before = await CountAllAsync();

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.Equal(new CreateResult(null, CreateError.ScheduleInPast), result);
        Assert.Equal(before, await CountAllAsync());
    }

    [Theory]
    [InlineData("image", null)]
    [InlineData("text", "")]
    [InlineData("text", "Hi {{nmae}}")]
    [InlineData("text", "Hi {{name")]
    public async Task Create_InvalidMessage_CreatesNothing(string type, string? text)
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()));
        var model = Text(await ChannelIdAsync(), "", Tagged(tag));
        model.Message = type == "text"
            ? new ComposedMessage { Type = "text", Body = text }
            : new ComposedMessage { Type = type, Url = "https://x.example/a.jpg", Extension = "jpg", Caption = text };
        var before = await CountAllAsync();

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.Equal(new CreateResult(null, CreateError.MessageInvalid), result);
        Assert.Equal(before, await CountAllAsync());
    }

    [Theory]
    [InlineData(null, 0, CreateError.NoChannel)]
    [InlineData(9999, 0, CreateError.NoChannel)]
    [InlineData(-1, -1, CreateError.KeepDaysOutOfRange)]
    [InlineData(-1, BroadcastCreator.MaxKeepDays + 1, CreateError.KeepDaysOutOfRange)]
    public async Task Create_NoChannelOrKeepDaysOutOfRange_CreatesNothing(int? channelId, int keepDays, CreateError error)
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()));
        var model = Text(channelId == -1 ? await ChannelIdAsync() : channelId ?? 0, "Hello", Tagged(tag));
        model.ChannelId = channelId == -1 ? model.ChannelId : channelId;
        model.KeepDays = keepDays;
        var before = await CountAllAsync();

        var result = await Creator.CreateAsync(model, Staff, Ct);

        Assert.Equal(new CreateResult(null, error), result);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task Create_WritesAnAuditEntry_WithWhoAndTheCounts()
    {
        var tag = NewTag();
        await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now()), new Person(OptInStatus.OptedOut, _app.Now()));

        var result = await Creator.CreateAsync(Text(await ChannelIdAsync(), "Hello", Tagged(tag)), Staff, Ct);

        await using var db = await _app.DbAsync();
        var subject = $"broadcast {result.BroadcastId}";
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Kind == AuditKind.BroadcastCreated && a.Subject == subject, Ct);
        Assert.Equal((Staff.UserId, Staff.UserName, Staff.Address), (entry.ActorId, entry.ActorName, entry.Address));
        Assert.Contains("1 queued, 1 excluded", entry.Details, StringComparison.Ordinal);
        Assert.Contains(ChannelTestApp.BotPhone, entry.Details, StringComparison.Ordinal);
        var broadcast = await db.Broadcasts.AsNoTracking().SingleAsync(b => b.Id == result.BroadcastId, Ct);
        Assert.Equal((Staff.UserId, Staff.UserName), (broadcast.CreatedById, broadcast.CreatedByName));
        Assert.Equal(_app.Now(), broadcast.CreatedUtc, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Create_MediaMessage_KeepsUrlAndExtension_AndRendersTheCaption()
    {
        var tag = NewTag();
        var people = await _app.SeedAsync(tag, new Person(LastInboundUtc: _app.Now(), Name: "Wang Fang"));
        var model = Text(await ChannelIdAsync(), "", Tagged(tag));
        model.Message = new ComposedMessage
        {
            Type = "document", Url = " https://x.example/menu.pdf ", Extension = "PDF", Caption = "Menu for {{name}}", Body = "ignored",
        };

        var result = await Creator.CreateAsync(model, Staff, Ct);

        var (broadcast, deliveries) = await LoadAsync(result.BroadcastId!.Value);
        Assert.Equal(("document", "https://x.example/menu.pdf", "pdf", "Menu for {{name}}"),
            (broadcast.Type, broadcast.MediaUrl, broadcast.Extension, broadcast.Template));
        Assert.Equal("Menu for Wang Fang", Assert.Single(deliveries).Text);
        Assert.Equal(people[0].Id, deliveries[0].RecipientId);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Hex32();
}
