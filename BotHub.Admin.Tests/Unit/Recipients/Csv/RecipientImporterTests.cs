using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Recipients.Csv;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Audit;

namespace BotHub.Admin.Tests.Unit.Recipients.Csv;

public sealed class RecipientImporterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BadRows_AreRejectedWithLineNumberAndReason_GoodRowsImport()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        const string csv = "phone,name,opt_in\n"      // line 1
            + "13800138000,张三,yes\n"                 // 2 good
            + ",No Phone,yes\n"                         // 3 empty phone
            + "12,Short,no\n"                           // 4 too short
            + "13800138001,Too,many,cells\n"            // 5 wrong column count
            + "13800138002,Maybe,maybe\n"               // 6 bad opt-in
            + "13800138003,\"Two\nLines\",否\n"          // 7-8 good, a quoted newline
            + "abc,Letters,\n";                         // 9 not a number
        var result = await s.ImportAsync(csv, ct: Ct);

        Assert.Equal(ImportOutcome.Completed, result.Outcome);
        Assert.Equal((7, 2, 5), (result.RowsRead, result.Inserted, result.Rejected));
        Assert.Equal(
            [
                (3, "No phone number"), (4, "Not a phone number: too few digits"),
                (5, "The row has 4 columns, the header 3: check for a stray comma or quote"),
                (6, "Opt-in “maybe” is not yes or no: write yes, no or leave it empty"), (9, "Not a phone number"),
            ],
            TestText.In("en", l => result.Rejects.Select(r => (r.Row, r.Reason.Text(l))).ToList()));
        Assert.Equal(
            ["没有电话号码", "不是电话号码：位数太少", "该行有 4 列，表头有 3 列：请检查是否多了逗号或引号", "订阅状态“maybe”不是“是”或“否”：请填写 yes、no，或留空", "不是电话号码"],
            TestText.In("zh-CN", l => result.Rejects.Select(r => r.Reason.Text(l)).ToList()));
        Assert.Equal(["13800138001", "Too", "many", "cells"], result.Rejects[2].Values);
        var rows = await s.RecipientsAsync(Ct);
        Assert.Equal([("+8613800138000", "张三", OptInStatus.OptedIn), ("+8613800138003", "Two\nLines", OptInStatus.OptedOut)],
            rows.Select(r => (r.Phone, r.Name, r.OptIn)));
    }

    [Fact]
    public async Task NoDefaultRegion_FullInternationalDigitsWithoutPlus_Import_ShortDigitsAreNotANumber_NationalNumbersNeedTheCode()
    {
        await using var s = await CsvServices.CreateAsync(Ct, defaultRegion: null);
        const string csv = "phone,name\n"
            + "8613900001112,Full\n"        // 2 +86 139 0000 1112 without its "+"
            + "12345,Short\n"                // 3 no country's number
            + "13800138000,National\n"       // 4 a Chinese mobile written as at home
            + "+49 151 12345678,Plus\n";     // 5
        var result = await s.ImportAsync(csv, ct: Ct);

        Assert.Equal((4, 2, 2), (result.RowsRead, result.Inserted, result.Rejected));
        Assert.Equal(["+4915112345678", "+8613900001112"], (await s.RecipientsAsync(Ct)).Select(r => r.Phone).Order());
        Assert.Equal([(3, "Not a phone number"), (4, "No country code: add +86 or set a default region")],
            TestText.In("en", l => result.Rejects.Select(r => (r.Row, r.Reason.Text(l))).ToList()));
        Assert.Equal(["不是电话号码", "缺少国家代码：请加上 +86，或设置默认地区"],
            TestText.In("zh-CN", l => result.Rejects.Select(r => r.Reason.Text(l)).ToList()));
    }

    [Fact]
    public async Task SemicolonWithBom_ChineseAndQuotedCells_Import()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        const string csv = "手机;姓名;标签;城市\r\n+86 138 0013 8000;\"王; 小明\";vip|新客;\"北京, 朝阳\"\r\n";
        var result = await s.ImportAsync(csv, bom: true, ct: Ct);

        Assert.Equal((ImportOutcome.Completed, 1, 0), (result.Outcome, result.Inserted, result.Rejected));
        var r = Assert.Single(await s.RecipientsAsync(Ct));
        Assert.Equal(("+8613800138000", "王; 小明"), (r.Phone, r.Name));
        Assert.Equal(["vip", "新客"], r.Tags.Select(t => t.Tag).Order());
        Assert.Equal("北京, 朝阳", r.Attributes["城市"]);
        Assert.Equal(OptInStatus.Unknown, r.OptIn);
    }

    [Fact]
    public async Task DuplicatesInFile_MergeByNormalisedPhone()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        const string csv = "phone,name,tags,opt_in,city,lang\n"
            + "138 0013 8000,First,a|b,yes,Beijing,\n"
            + "+86-138-0013-8000,,c,,Shanghai,zh\n"
            + "008613800138000,Last,a,,,\n";
        var result = await s.ImportAsync(csv, ct: Ct);

        Assert.Equal((1, 2, 0), (result.Inserted, result.Merged, result.Rejected));
        var r = Assert.Single(await s.RecipientsAsync(Ct));
        Assert.Equal(("Last", OptInStatus.OptedIn), (r.Name, r.OptIn));
        Assert.Equal(["a", "b", "c"], r.Tags.Select(t => t.Tag).Order());
        Assert.Equal(new Dictionary<string, string> { ["city"] = "Shanghai", ["lang"] = "zh" }, r.Attributes);
    }

    [Fact]
    public async Task ExistingRecipient_MergesTagsAndAttributes_RecordsOptInChangeFromImport()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        await using (var db = await s.DbAsync(Ct))
        {
            db.Recipients.Add(new Recipient
            {
                Phone = "+8613800138000", Name = "Old", CreatedUtc = DateTime.UtcNow, Tags = [new RecipientTag { Tag = "a" }],
                Attributes = new() { ["city"] = "Beijing", ["lang"] = "zh" },
            });
            db.Recipients.Add(new Recipient { Phone = "+8613800138001", Name = "Same", CreatedUtc = DateTime.UtcNow, OptIn = OptInStatus.OptedIn });
            await db.SaveChangesAsync(Ct);
        }

        const string csv = "phone,name,tags,opt_in,city\n13800138000,New,b|a,opted_in,Shanghai\n13800138001,,,yes,\n13800138002,Brand New,,no,\n";
        var result = await s.ImportAsync(csv, byUser: "alice@example.com", ct: Ct);

        Assert.Equal((1, 1, 1), (result.Inserted, result.Updated, result.Unchanged));
        var rows = await s.RecipientsAsync(Ct);
        var r = rows[0];
        Assert.Equal(("New", OptInStatus.OptedIn, OptInSource.Import), (r.Name, r.OptIn, r.OptInSource));
        Assert.Equal(["a", "b"], r.Tags.Select(t => t.Tag).Order());
        Assert.Equal(new Dictionary<string, string> { ["city"] = "Shanghai", ["lang"] = "zh" }, r.Attributes);
        await using var check = await s.DbAsync(Ct);
        var changes = await check.OptInChanges.OrderBy(c => c.RecipientId).ToListAsync(Ct);
        Assert.Equal([(r.Id, OptInStatus.OptedIn), (rows[2].Id, OptInStatus.OptedOut)], changes.Select(c => (c.RecipientId, c.Status)));
        Assert.All(changes, c => Assert.Equal((OptInSource.Import, "alice@example.com"), (c.Source, c.ByUser)));
        Assert.Contains(await check.AuditEntries.ToListAsync(Ct), e => e.Kind == Admin.Features.Audit.AuditKind.RecipientsImported);
    }

    [Theory]
    [InlineData(false, 1, 2)]
    [InlineData(true, 0, 0)]
    public async Task CancelAfterFirstBatch_LeavesExactlyTheCommittedBatches(bool atomic, int committed, int recipients)
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        var csv = "phone\n" + string.Concat(Enumerable.Range(0, 7).Select(i => $"1380013{i:D4}\n"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new SyncProgress(_ => cts.Cancel());
        var result = await s.ImportAsync(csv, new ImportOptions { BatchSize = 2, Atomic = atomic }, progress: progress, ct: cts.Token);

        Assert.Equal(ImportOutcome.Cancelled, result.Outcome);
        Assert.Equal(committed, result.BatchesCommitted);
        Assert.Equal(recipients, result.Inserted);
        Assert.Equal(recipients, (await s.RecipientsAsync(Ct)).Count);
    }

    [Fact]
    public async Task SmallBatches_AllCommitted_CountsAddUp()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        var csv = "phone,tags\n" + string.Concat(Enumerable.Range(0, 7).Select(i => $"1380013{i % 5:D4},t{i}\n"));
        var reports = new List<ImportProgress>();
        var result = await s.ImportAsync(csv, new ImportOptions { BatchSize = 3, Atomic = false }, progress: new SyncProgress(reports.Add), ct: Ct);

        Assert.Equal((ImportOutcome.Completed, 3, 5, 2), (result.Outcome, result.BatchesCommitted, result.Inserted, result.Updated));
        Assert.Equal(5, (await s.RecipientsAsync(Ct)).Count);
        Assert.Equal(7, reports[^1].RowsRead);
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    [Fact]
    public async Task MappingWithoutPhone_Fails_WithReason()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        var result = await s.ImportAsync("name,city\nA,B\n", ct: Ct);
        Assert.Equal(ImportOutcome.Failed, result.Outcome);
        Assert.Equal("No column is mapped to the phone number.", result.Error);
    }

    private sealed class SyncProgress(Action<ImportProgress> onReport) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => onReport(value);
    }
}
