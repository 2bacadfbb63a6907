using System.Text;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Recipients.Csv;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Unit.Recipients.Csv;

public sealed class RecipientExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Tricky = "phone,name,tags,opt_in,city,note\n"
        + "13800138000,=cmd,vip|新客,yes,\"Beijing, Chaoyang\",@x\n"
        + "13800138001,+1+1,,no,-2+3,\"multi\nline\"\n"
        + "13800138002,-12.5,a,,\t tab,\"say \"\"hi\"\"\"\n"
        + "13800138003,张三;李四,,unknown,,'quoted\n";

    [Fact]
    public async Task Export_EscapesFormulas_ButNotNumbersOrPhones()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        await s.ImportAsync(Tricky, ct: Ct);
        var text = await ExportTextAsync(s, new RecipientFilter());

        Assert.StartsWith("\uFEFF", text, StringComparison.Ordinal);
        var lines = text[1..].Split("\r\n");
        Assert.Equal("phone,name,tags,opt_in,attr:city,attr:note", lines[0]);
        Assert.Equal("+8613800138000,'=cmd,vip|新客,opted_in,\"Beijing, Chaoyang\",'@x", lines[1]);
        Assert.StartsWith("+8613800138001,'+1+1,,opted_out,'-2+3,\"multi", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("+8613800138002,-12.5,a,unknown,", lines[3], StringComparison.Ordinal);
        Assert.Contains("\"张三;李四\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportThenImport_ChangesNothing()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        var first = await s.ImportAsync(Tricky, ct: Ct);
        Assert.Equal(4, first.Inserted);
        var before = await s.RecipientsAsync(Ct);
        var text = await ExportTextAsync(s, new RecipientFilter());

        var again = await s.ImportAsync(text[1..], bom: true, ct: Ct);

        Assert.Equal((ImportOutcome.Completed, 0, 0, 4, 0), (again.Outcome, again.Inserted, again.Updated, again.Unchanged, again.Rejected));
        var after = await s.RecipientsAsync(Ct);
        Assert.Equal(Snapshot(before), Snapshot(after));
        Assert.Equal("=cmd", after[0].Name);
        Assert.Equal("-2+3", after[1].Attributes["city"]);
    }

    [Fact]
    public async Task Export_OfAFilter_OnlyThoseRows()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        await s.ImportAsync(Tricky, ct: Ct);
        var text = await ExportTextAsync(s, new RecipientFilter(Tag: "vip"));
        Assert.Equal(3, text.Split("\r\n").Length); // header, one row, the empty end
    }

    [Fact]
    public async Task RejectsCsv_HasRowReasonAndEscapedCells()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        var result = await s.ImportAsync("phone,name\n,=HYPERLINK(\"x\")\n13800138000,ok\n12,\"a,b\"\n", ct: Ct);
        using var output = new MemoryStream();
        TestText.In("en", l =>
        {
            RejectsCsv.Write(output, result.Header, result.Rejects, l);
            return 0;
        });

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal("\uFEFFrow,reason,phone,name\r\n2,No phone number,,\"'=HYPERLINK(\"\"x\"\")\"\r\n4,Not a phone number: too few digits,12,\"a,b\"\r\n", text);
    }

    [Fact]
    public async Task RejectsCsv_SaysTheReasonsInTheImportersLanguage()
    {
        await using var s = await CsvServices.CreateAsync(Ct);
        var result = await s.ImportAsync("phone,name\n,x\n12,y\n", ct: Ct);
        using var output = new MemoryStream();
        TestText.In("zh-CN", l =>
        {
            RejectsCsv.Write(output, result.Header, result.Rejects, l);
            return 0;
        });

        Assert.Equal("\uFEFFrow,reason,phone,name\r\n2,没有电话号码,,x\r\n3,不是电话号码：位数太少,12,y\r\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    private static async Task<string> ExportTextAsync(CsvServices s, RecipientFilter filter)
    {
        using var output = new MemoryStream();
        await s.Exporter.ExportAsync(output, filter, "tester", Ct);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static List<string> Snapshot(List<Recipient> rows) => rows.Select(r =>
        $"{r.Id}|{r.Phone}|{r.Name}|{r.OptIn}|{r.OptInSource}|{r.OptInChangedUtc:O}|{string.Join(",", r.Tags.Select(t => t.Tag).Order())}|"
        + string.Join(",", r.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value))).ToList();
}
