using BotHub.Admin.Features.Recipients.Csv;

namespace BotHub.Admin.Tests.Unit.Recipients.Csv;

public sealed class CsvPreviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CommaWithBom_ChineseHeaders_StripsBomAndSuggestsMapping()
    {
        const string csv = "手机,姓名,标签,订阅,城市\n13800138000,张三,vip|新客,是,北京\n";
        var preview = await CsvPreview.ReadPreviewAsync(CsvServices.Utf8(csv, bom: true), ct: Ct);

        Assert.Equal(',', preview.Separator);
        Assert.Equal(["手机", "姓名", "标签", "订阅", "城市"], preview.Headers);
        Assert.Equal(["13800138000", "张三", "vip|新客", "是", "北京"], preview.Rows.Single());
        var m = preview.Suggested;
        Assert.Equal((0, 1, 2, 3), (m.Phone, m.Name, m.Tags, m.OptIn));
        Assert.Equal([new AttributeColumn(4, "城市")], m.Attributes);
    }

    [Fact]
    public async Task SemicolonWithoutBom_QuotedFieldsWithSeparatorsAndNewlines_ReadAsOneCell()
    {
        const string csv = "phone;name;note\r\n+8613800138000;\"Li; Lei\";\"line1\nline2, more\"\r\n+8613800138001;Wang;x\r\n";
        var preview = await CsvPreview.ReadPreviewAsync(CsvServices.Utf8(csv), ct: Ct);

        Assert.Equal(';', preview.Separator);
        Assert.Equal(["phone", "name", "note"], preview.Headers);
        Assert.Equal(2, preview.Rows.Count);
        Assert.Equal(["+8613800138000", "Li; Lei", "line1\nline2, more"], preview.Rows[0]);
    }

    [Fact]
    public async Task Preview_StopsAtRequestedRows()
    {
        var csv = "phone\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"1380013{i:D4}\n"));
        var preview = await CsvPreview.ReadPreviewAsync(CsvServices.Utf8(csv), rows: 3, Ct);
        Assert.Equal(3, preview.Rows.Count);
    }

    [Theory]
    [InlineData("Mobile", "Full Name", "Tag", "opt-in")]
    [InlineData("phone_number", "name", "TAGS", "opt_in")]
    [InlineData("电话", "姓名", "标签", "OptIn")]
    [InlineData("number", "NAME", "tags", "optin")]
    public void Suggest_KnownHeaderNames_MapToRoles(string phone, string name, string tags, string optIn)
    {
        var m = ColumnMapping.Suggest([name, "attr:city", phone, "Company", tags, optIn]);
        Assert.Equal((2, 0, 4, 5), (m.Phone, m.Name, m.Tags, m.OptIn));
        Assert.Equal([new AttributeColumn(1, "city"), new AttributeColumn(3, "Company")], m.Attributes);
        Assert.Null(m.Problem(6));
    }

    [Fact]
    public void Problem_NoPhoneOrColumnTwice_IsExplained()
    {
        Assert.NotNull(ColumnMapping.Suggest(["name", "city"]).Problem(2));
        Assert.NotNull(new ColumnMapping { Phone = 0, Name = 0 }.Problem(2));
        Assert.NotNull(new ColumnMapping { Phone = 0, Attributes = [new(1, "a"), new(2, "a")] }.Problem(3));
        Assert.NotNull(new ColumnMapping { Phone = 0, Tags = 5 }.Problem(2));
    }
}
