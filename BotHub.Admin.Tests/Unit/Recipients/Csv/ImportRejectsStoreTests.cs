using BotHub.Admin.Features.Recipients.Csv;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Recipients.Csv;

/// <summary>An import's rejects are kept for download for an hour, for the latest imports only, within a size budget.</summary>
public sealed class ImportRejectsStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AFile_IsTheOwnersForAnHour_ThenGone()
    {
        var store = new ImportRejectsStore(_time);
        byte[] csv = [1, 2, 3];
        var kept = store.Save("anna", csv);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(1), kept.Until);
        Assert.Null(store.Find(kept.Id, "bob"));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(csv, store.Find(kept.Id, "anna"));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(store.Find(kept.Id, "anna"));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void PastFiftyImports_TheOldestGoFirst_AndTheCountStaysAtFifty()
    {
        var store = new ImportRejectsStore(_time);
        var ids = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add(store.Save("anna", [(byte)i]).Id);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(ImportRejectsStore.MaxFiles, store.Count);
        Assert.All(ids.Take(10), id => Assert.Null(store.Find(id, "anna")));
        Assert.Equal([10], store.Find(ids[10], "anna"));
        Assert.Equal([59], store.Find(ids[59], "anna"));
    }

    [Fact]
    public void PastTheSizeBudget_TheOldestGoFirst_ButTheNewestIsAlwaysKept()
    {
        var store = new ImportRejectsStore(_time, maxFiles: 50, maxBytes: 100);
        var first = store.Save("anna", new byte[40]).Id;
        var second = store.Save("anna", new byte[40]).Id;
        var third = store.Save("anna", new byte[40]).Id;

        Assert.Null(store.Find(first, "anna"));
        Assert.NotNull(store.Find(second, "anna"));
        Assert.NotNull(store.Find(third, "anna"));

        var huge = store.Save("anna", new byte[500]).Id;
        Assert.Equal(1, store.Count);
        Assert.NotNull(store.Find(huge, "anna"));
    }

    [Fact]
    public void ExpiredFiles_AreDropped_WithoutAnotherImport()
    {
        var store = new ImportRejectsStore(_time);
        for (var i = 0; i < 5; i++)
        {
            store.Save("anna", [1]);
        }

        _time.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(0, store.Count);
    }
}
