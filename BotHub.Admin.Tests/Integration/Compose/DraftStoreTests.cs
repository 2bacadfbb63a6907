using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Integration.Compose;

public sealed class DraftStoreTests(ChannelTestApp app) : IClassFixture<ChannelTestApp>
{
    private static readonly AuditActor Owner = new("owner-" + Guid.NewGuid().ToString("N")[..8], "owner@test.local", "127.0.0.1");
    private static readonly AuditActor Other = new("other-" + Guid.NewGuid().ToString("N")[..8], "other@test.local", "127.0.0.2");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DraftStore Store => app.Services.GetRequiredService<DraftStore>();

    private static ComposeModel Sample(string body = "Hi {{name}}, see you in {{attr:city}}") => new()
    {
        ChannelId = 1,
        Message = new ComposedMessage { Type = "text", Body = body, Source = "livechat" },
        Audience = new AudienceChoice { Mode = AudienceMode.Filter, Search = "Wang", Tag = "vip", OptIn = OptInStatus.OptedIn },
        Fallbacks = new() { ["attr:city"] = new VariableFallback { Text = "town" }, ["name"] = new VariableFallback { Exclude = true } },
        ScheduleLocal = new DateTime(2030, 5, 1, 9, 30, 0),
        ScheduleZone = "Asia/Shanghai",
        KeepDays = 2,
        Order = SendOrder.RecentlyActiveFirst,
    };

    [Fact]
    public async Task SaveDraft_ThenLoad_ReopensTheWholeComposition()
    {
        var id = await Store.SaveDraftAsync(null, "Spring offer", Sample(), Owner, Ct);

        var loaded = await Store.LoadAsync(id, Owner.UserId!, Ct);

        Assert.NotNull(loaded);
        var (summary, model) = loaded.Value;
        Assert.Equal((DraftKind.Draft, "Spring offer", "text", Owner.UserId, Owner.UserName),
            (summary.Kind, summary.Name, summary.Type, summary.OwnerId, summary.OwnerName));
        Assert.Equal("Hi {{name}}, see you in {{attr:city}}", summary.Summary);
        Assert.Equal(("livechat", "Hi {{name}}, see you in {{attr:city}}"), (model.Message.Source, model.Message.Body));
        Assert.Equal((AudienceMode.Filter, "Wang", "vip", OptInStatus.OptedIn),
            (model.Audience.Mode, model.Audience.Search, model.Audience.Tag, model.Audience.OptIn));
        Assert.Equal("town", model.Fallbacks["attr:city"].Text);
        Assert.False(model.Fallbacks["attr:city"].Exclude);
        Assert.True(model.Fallbacks["name"].Exclude);
        Assert.Equal((new DateTime(2030, 5, 1, 9, 30, 0), "Asia/Shanghai", 2, SendOrder.RecentlyActiveFirst, 1),
            (model.ScheduleLocal, model.ScheduleZone, model.KeepDays, model.Order, model.ChannelId));
    }

    [Fact]
    public async Task SaveDraft_OverOwnDraft_UpdatesItInPlace()
    {
        var id = await Store.SaveDraftAsync(null, "First", Sample("one"), Owner, Ct);
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var again = await Store.SaveDraftAsync(id, "Second", Sample("two"), Owner, Ct);

        Assert.Equal(id, again);
        var (summary, model) = (await Store.LoadAsync(id, Owner.UserId!, Ct))!.Value;
        Assert.Equal(("Second", "two"), (summary.Name, model.Message.Body));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, summary.UpdatedUtc, TimeSpan.FromSeconds(1));
        var mine = await Store.ListAsync(DraftKind.Draft, Owner.UserId!, Ct);
        Assert.Single(mine, d => d.Id == id);
        Assert.DoesNotContain(mine, d => d.Name == "First");
    }

    [Fact]
    public async Task Draft_OfAnotherUser_CannotBeLoadedListedOrOverwritten()
    {
        var id = await Store.SaveDraftAsync(null, "Private", Sample("secret plan"), Owner, Ct);

        Assert.Null(await Store.LoadAsync(id, Other.UserId!, Ct));
        Assert.DoesNotContain(await Store.ListAsync(DraftKind.Draft, Other.UserId!, Ct), d => d.Id == id);
        var otherId = await Store.SaveDraftAsync(id, "Hijack", Sample("changed"), Other, Ct);

        Assert.NotEqual(id, otherId);
        Assert.Equal("secret plan", (await Store.LoadAsync(id, Owner.UserId!, Ct))!.Value.Model.Message.Body);
        Assert.Equal(Other.UserId, (await Store.LoadAsync(otherId, Other.UserId!, Ct))!.Value.Summary.OwnerId);
    }

    [Fact]
    public async Task Template_CanBeLoadedByAnyone_AndKeepsOnlyTheMessage()
    {
        var name = "Welcome " + Guid.NewGuid().ToString("N")[..6];

        var id = await Store.SaveTemplateAsync(name, Sample(), Owner, Ct);

        var loaded = await Store.LoadAsync(id, Other.UserId!, Ct);
        Assert.NotNull(loaded);
        var (summary, model) = loaded.Value;
        Assert.Equal((DraftKind.Template, name), (summary.Kind, summary.Name));
        Assert.Equal("Hi {{name}}, see you in {{attr:city}}", model.Message.Body);
        Assert.Equal("town", model.Fallbacks["attr:city"].Text);
        Assert.Equal((AudienceMode.AllEligible, null, null, 0, (int?)null),
            (model.Audience.Mode, model.ScheduleLocal, model.ScheduleZone, model.KeepDays, model.ChannelId));
        Assert.Contains(await Store.ListAsync(DraftKind.Template, Other.UserId!, Ct), t => t.Id == id);
        await using var db = await app.DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Kind == AuditKind.TemplateSaved && a.Subject == name, Ct));
    }

    [Fact]
    public async Task Duplicate_TemplateOrOwnDraft_MakesANewDraftOfTheCaller()
    {
        var template = await Store.SaveTemplateAsync("Promo", Sample("promo text"), Owner, Ct);
        var draft = await Store.SaveDraftAsync(null, "Mine", Sample("my text"), Owner, Ct);

        var fromTemplate = await Store.DuplicateAsync(template, Other, " (copy)", Ct);
        var fromDraft = await Store.DuplicateAsync(draft, Owner, " (copy)", Ct);
        var fromOthersDraft = await Store.DuplicateAsync(draft, Other, " (copy)", Ct);

        Assert.Null(fromOthersDraft);
        var copy = (await Store.LoadAsync(fromTemplate!.Value, Other.UserId!, Ct))!.Value;
        Assert.Equal((DraftKind.Draft, "Promo (copy)", Other.UserId, "promo text"),
            (copy.Summary.Kind, copy.Summary.Name, copy.Summary.OwnerId, copy.Model.Message.Body));
        var own = (await Store.LoadAsync(fromDraft!.Value, Owner.UserId!, Ct))!.Value;
        Assert.NotEqual(draft, fromDraft);
        Assert.Equal(("Mine (copy)", "my text", "Asia/Shanghai"), (own.Summary.Name, own.Model.Message.Body, own.Model.ScheduleZone));
    }

    [Fact]
    public async Task Delete_OwnDraft_OnlyByItsOwner_EvenForAnAdmin()
    {
        var id = await Store.SaveDraftAsync(null, "To delete", Sample(), Owner, Ct);

        Assert.False(await Store.DeleteAsync(id, Other, isAdmin: false, Ct));
        Assert.False(await Store.DeleteAsync(id, Other, isAdmin: true, Ct));
        Assert.NotNull(await Store.LoadAsync(id, Owner.UserId!, Ct));
        Assert.True(await Store.DeleteAsync(id, Owner, isAdmin: false, Ct));
        Assert.Null(await Store.LoadAsync(id, Owner.UserId!, Ct));
        Assert.False(await Store.DeleteAsync(id, Owner, isAdmin: false, Ct));
    }

    [Fact]
    public async Task Delete_Template_ByItsMakerOrAnAdmin_NotByOtherStaff_AndIsAudited()
    {
        var name = "Shared " + Guid.NewGuid().ToString("N")[..6];
        var first = await Store.SaveTemplateAsync(name, Sample(), Owner, Ct);
        var second = await Store.SaveTemplateAsync(name + " 2", Sample(), Owner, Ct);

        Assert.False(await Store.DeleteAsync(first, Other, isAdmin: false, Ct));
        Assert.True(await Store.DeleteAsync(first, Other, isAdmin: true, Ct));
        Assert.True(await Store.DeleteAsync(second, Owner, isAdmin: false, Ct));

        Assert.Null(await Store.LoadAsync(first, Owner.UserId!, Ct));
        await using var db = await app.DbAsync();
        var deleted = await db.AuditEntries.Where(a => a.Kind == AuditKind.TemplateDeleted && a.Subject!.StartsWith(name))
            .OrderBy(a => a.Id)
            .Select(a => a.ActorId).ToListAsync(Ct);
        Assert.Equal([Other.UserId, Owner.UserId], deleted);
    }

    [Fact]
    public async Task SaveDraft_WithoutName_IsNamedAfterItsText_ClippedTo200()
    {
        var longText = new string('w', 300);

        var named = await Store.SaveDraftAsync(null, "  ", Sample("Short text"), Owner, Ct);
        var clipped = await Store.SaveDraftAsync(null, null, Sample(longText), Owner, Ct);

        Assert.Equal("Short text", (await Store.LoadAsync(named, Owner.UserId!, Ct))!.Value.Summary.Name);
        var summary = (await Store.LoadAsync(clipped, Owner.UserId!, Ct))!.Value.Summary;
        Assert.Equal(DraftStore.MaxNameLength, summary.Name.Length);
        Assert.Equal(200, summary.Summary!.Length);
    }
}
