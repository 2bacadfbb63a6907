using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Recipients;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Tests.Unit.Recipients;

public sealed class RecipientBulkTests : IAsyncLifetime
{
    private static readonly AuditActor Staff = new("user-1", "staff@test.local", "127.0.0.1");
    private RecipientServices _s = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _s = await RecipientServices.CreateAsync(Ct);

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private RecipientBulk Bulk => _s.Get<RecipientBulk>();

    private async Task<List<string>> TagsOfAsync(int id)
    {
        await using var db = await _s.DbAsync(Ct);
        return await db.RecipientTags.Where(t => t.RecipientId == id).Select(t => t.Tag).OrderBy(t => t).ToListAsync(Ct);
    }

    [Fact]
    public async Task AddTag_OnSelection_TagsOnlyTheSelectedRows()
    {
        var ids = await _s.SeedAsync(5, OptInStatus.OptedIn, [], Ct);

        var result = await Bulk.AddTagAsync(RecipientScope.Selection([ids[0], ids[2]]), "vip", Staff, Ct);

        Assert.Equal(new BulkResult(2, 2), result);
        Assert.Equal(["vip"], await TagsOfAsync(ids[0]));
        Assert.Empty(await TagsOfAsync(ids[1]));
        Assert.Equal(["vip"], await TagsOfAsync(ids[2]));
    }

    [Fact]
    public async Task AddTag_OnFilter_TagsEveryMatchAcrossChunks_AndIsIdempotent()
    {
        var many = RecipientBulk.ChunkSize + 20;
        await _s.SeedAsync(many, OptInStatus.OptedIn, ["spring"], Ct);
        var others = await _s.SeedAsync(3, OptInStatus.OptedOut, [], Ct, first: many + 1);
        var filter = RecipientScope.Matching(new RecipientFilter(Tag: "spring"));

        var first = await Bulk.AddTagAsync(filter, "vip", Staff, Ct);
        var again = await Bulk.AddTagAsync(filter, " vip ", Staff, Ct);

        Assert.Equal(new BulkResult(many, many), first);
        Assert.Equal(new BulkResult(many, 0), again);
        await using var db = await _s.DbAsync(Ct);
        Assert.Equal(many, await db.RecipientTags.CountAsync(t => t.Tag == "vip", Ct));
        Assert.Empty(await TagsOfAsync(others[0]));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Kind == AuditKind.RecipientsTagged, Ct));
    }

    [Fact]
    public async Task RemoveTag_OnFilter_RemovesOnlyThatTagFromMatches()
    {
        var ids = await _s.SeedAsync(3, OptInStatus.OptedIn, ["a", "b"], Ct);
        var outside = await _s.SeedAsync(1, OptInStatus.OptedOut, ["a"], Ct, first: 10);

        var result = await Bulk.RemoveTagAsync(RecipientScope.Matching(new RecipientFilter(OptIn: OptInStatus.OptedIn)), "a", Staff, Ct);

        Assert.Equal(new BulkResult(3, 3), result);
        Assert.Equal(["b"], await TagsOfAsync(ids[1]));
        Assert.Equal(["a"], await TagsOfAsync(outside[0]));
    }

    [Fact]
    public async Task OptOut_OnSelection_ChangesStateAndRecordsManualHistoryByUser_WithOneAuditEntry()
    {
        var ids = await _s.SeedAsync(3, OptInStatus.OptedIn, [], Ct);

        var result = await Bulk.SetOptInAsync(RecipientScope.Selection([ids[0], ids[1]]), OptInStatus.OptedOut, Staff, Ct);
        var again = await Bulk.SetOptInAsync(RecipientScope.Selection([ids[0]]), OptInStatus.OptedOut, Staff, Ct);

        Assert.Equal(new BulkResult(2, 2), result);
        Assert.Equal(new BulkResult(1, 0), again);
        await using var db = await _s.DbAsync(Ct);
        var states = await db.Recipients.OrderBy(r => r.Id).Select(r => new { r.OptIn, r.OptInSource, r.OptInChangedUtc }).ToListAsync(Ct);
        Assert.Equal([OptInStatus.OptedOut, OptInStatus.OptedOut, OptInStatus.OptedIn], states.Select(x => x.OptIn));
        Assert.Equal(OptInSource.Manual, states[0].OptInSource);
        Assert.Equal(RecipientServices.Now.UtcDateTime, states[0].OptInChangedUtc);
        var history = await db.OptInChanges.OrderBy(c => c.RecipientId).ToListAsync(Ct);
        Assert.Equal(2, history.Count);
        Assert.All(history, h =>
        {
            Assert.Equal(OptInStatus.OptedOut, h.Status);
            Assert.Equal(OptInSource.Manual, h.Source);
            Assert.Equal("staff@test.local", h.ByUser);
            Assert.Equal(RecipientServices.Now.UtcDateTime, h.AtUtc);
        });
        var audit = await db.AuditEntries.Where(a => a.Kind == AuditKind.RecipientsOptedOut).OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal(2, audit.Count);
        Assert.StartsWith("2 of 2 recipients", audit[0].Details, StringComparison.Ordinal);
        Assert.Equal("staff@test.local", audit[0].ActorName);
    }

    [Fact]
    public async Task Delete_OnFilter_DeletesMatchesWithTheirRows_AndKeepsOthers()
    {
        var channel = await _s.AddChannelAsync("Main", "UTC", Ct);
        var gone = await _s.SeedAsync(2, OptInStatus.OptedOut, ["old"], Ct);
        var kept = await _s.SeedAsync(2, OptInStatus.OptedIn, ["old"], Ct, first: 10);
        await _s.AddInboundAsync(gone[0], channel, RecipientServices.Now.UtcDateTime, Ct);
        await Bulk.SetOptInAsync(RecipientScope.Selection([gone[1]]), OptInStatus.OptedIn, Staff, Ct);
        await Bulk.SetOptInAsync(RecipientScope.Selection([gone[1]]), OptInStatus.OptedOut, Staff, Ct);

        var result = await Bulk.DeleteAsync(RecipientScope.Matching(new RecipientFilter(OptIn: OptInStatus.OptedOut)), Staff, Ct);

        Assert.Equal(new BulkResult(2, 2), result);
        await using var db = await _s.DbAsync(Ct);
        Assert.Equal(kept.Order(), await db.Recipients.Select(r => r.Id).OrderBy(i => i).ToListAsync(Ct));
        Assert.Equal(2, await db.RecipientTags.CountAsync(Ct));
        Assert.Equal(0, await db.OptInChanges.CountAsync(Ct));
        Assert.Equal(0, await db.InboundMessages.CountAsync(Ct));
        Assert.Equal(0, await db.RecipientActivity.CountAsync(Ct));
        var audit = await db.AuditEntries.SingleAsync(a => a.Kind == AuditKind.RecipientsDeleted, Ct);
        Assert.StartsWith("2 recipients deleted", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_OnSelection_DeletesOnlyTheSelected()
    {
        var ids = await _s.SeedAsync(3, OptInStatus.OptedIn, [], Ct);

        var result = await Bulk.DeleteAsync(RecipientScope.Selection([ids[1]]), Staff, Ct);

        Assert.Equal(1, result.Changed);
        await using var db = await _s.DbAsync(Ct);
        Assert.Equal([ids[0], ids[2]], await db.Recipients.Select(r => r.Id).OrderBy(i => i).ToListAsync(Ct));
    }
}
