using BotHub.Admin.Features.Audit;

namespace BotHub.Admin.Tests.Unit.Audit;

/// <summary>Audit CSV cells: no spreadsheet formula injection (OWASP CSV injection), RFC 4180 quoting.</summary>
public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    public void Escape_FormulaStart_GetsLeadingApostrophe(string value, string expected)
    {
        Assert.Equal(expected, CsvCell.Escape(value));
    }

    [Fact]
    public void Escape_CarriageReturnStart_GetsApostropheAndIsQuoted()
    {
        // A carriage return both starts a formula in some spreadsheets and breaks a record: apostrophe, then quotes.
        Assert.Equal("\"'\rx\"", CsvCell.Escape("\rx"));
    }

    [Theory]
    [InlineData("+8613800138000")]
    [InlineData("+14155550123")]
    [InlineData("-12.5")]
    [InlineData("42")]
    [InlineData("+7")]
    [InlineData("alice@example.com")]
    [InlineData("plain text")]
    [InlineData("")]
    public void Escape_PlainNumberPhoneOrText_Unchanged(string value)
    {
        Assert.Equal(value, CsvCell.Escape(value));
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("line1\r\nline2", "\"line1\r\nline2\"")]
    [InlineData("roles: Admin, Staff → Staff", "\"roles: Admin, Staff → Staff\"")]
    public void Escape_CommaQuoteOrNewline_QuotedWithDoubledQuotes(string value, string expected)
    {
        Assert.Equal(expected, CsvCell.Escape(value));
    }

    [Fact]
    public void Escape_Null_Empty()
    {
        Assert.Equal("", CsvCell.Escape(null));
    }

    [Fact]
    public void Row_MixedCells_JoinsEscapedCellsWithCommas()
    {
        var row = CsvCell.Row("2026-01-02 03:04:05", "SignInFailed", "=cmd|' /C calc'!A0", null, "a,b", "+8613800138000");

        Assert.Equal("2026-01-02 03:04:05,SignInFailed,'=cmd|' /C calc'!A0,,\"a,b\",+8613800138000", row);
    }
}
