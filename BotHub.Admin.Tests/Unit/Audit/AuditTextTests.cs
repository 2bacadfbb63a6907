using System.Globalization;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Unit.Audit;

/// <summary>Audit details kept by key: said in each reader's language, kept in English for search and export, old rows as written.</summary>
public sealed class AuditTextTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    // The UI's Chinese culture is zh-CN; its resources are zh-Hans, found through the parent culture.
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    private static AuditText RoundTrip(AuditText text) => AuditText.FromStored(text.Key, text.ArgsJson())!;

    [Fact]
    public void KeyAdded_InBothLanguages_AfterStoring()
    {
        var text = RoundTrip(AuditText.Of("AuditDetail.Key.Added", "••••1234"));

        Assert.Equal("key ••••1234 added", text.English());
        Assert.Equal("已添加密钥 ••••1234", text.Render(Chinese));
    }

    [Fact]
    public void NestedStateAndCounts_AreSaidInTheReadersLanguage_WithDigitGrouping()
    {
        var scope = AuditText.Of("AuditDetail.Scope.Selection", 20);
        var text = RoundTrip(AuditText.Of("AuditDetail.OptInChanged", 1500, 2000, AuditText.Of("OptIn.OptedOut"), scope));

        Assert.Equal("1,500 of 2,000 recipients changed to Opted out; selection of 20", text.English());
        Assert.Equal("2,000 位收件人中 1,500 位改为“已退订”；选中的 20 位", text.Render(Chinese));
    }

    [Fact]
    public void RoleLists_UseEachLanguagesSeparator_AndNoneWhenEmpty()
    {
        var text = RoundTrip(AuditText.Of("AuditDetail.RolesChanged",
            AuditText.List([AuditText.Of("Role.Staff")]), AuditText.List([AuditText.Of("Role.Admin"), AuditText.Of("Role.Manager")]), 2));
        var none = RoundTrip(AuditText.Of("AuditDetail.Roles", AuditText.List([])));

        Assert.Equal("roles: Staff → Admin, Manager; sessions ended: 2", text.English());
        Assert.Equal("角色：员工 → 管理员、经理；结束会话 2 个", text.Render(Chinese));
        Assert.Equal("roles: none", none.English());
        Assert.Equal("角色：无", none.Render(Chinese));
    }

    [Fact]
    public void Times_AreKeptAsUtc_AndShownWithTheZoneNamed()
    {
        var at = new DateTimeOffset(2026, 3, 2, 10, 30, 0, TimeSpan.FromHours(8));
        var text = RoundTrip(AuditText.Of("AuditDetail.Locked.WrongPassword", at));

        Assert.Equal("wrong password; locked until 2026-03-02 02:30 UTC", text.English());
        Assert.Equal("密码错误；账户锁定至 2026-03-02 02:30 UTC", text.Render(Chinese));
    }

    [Fact]
    public void ProviderWords_ComeInTheReadersLanguage()
    {
        var text = RoundTrip(AuditText.Of("AuditDetail.ChannelPaused", AuditText.Words("10002 invalid API key", "10002 无效的API KEY")));

        Assert.Equal("provider error 10002 invalid API key", text.English());
        Assert.Equal("服务商错误 10002 无效的API KEY", text.Render(Chinese));
    }

    [Fact]
    public void BroadcastEnding_EnglishKeepsTheWordsOfDescribe()
    {
        var tally = new BroadcastTally(Sent: 93, Failed: 15, Excluded: 4, NotReached: 0, Cancelled: 0, Open: 0);
        var ending = BroadcastOutcome.EndingOf(BroadcastState.Completed, tally);

        var text = RoundTrip(BroadcastOutcome.AuditOf(ending, tally, keepDays: 0));

        Assert.Equal(BroadcastOutcome.Describe(ending, tally, 0), text.English());
        Assert.Equal("已完成，15 条失败（已发送 93 条）；发送前排除 4 条", text.Render(Chinese));
    }

    [Fact]
    public void Display_OldRowWithoutKey_ShowsTheStoredEnglish()
    {
        var old = new AuditEntry { Details = "signed in with a recovery code; 3 left" };

        Assert.Equal("signed in with a recovery code; 3 left", AuditText.Display(old, Chinese));
    }

    [Fact]
    public void Display_RowWithKey_ShowsTheReadersLanguage()
    {
        var text = AuditText.Of("AuditDetail.RecoveryCodeUsed", 3);
        var row = new AuditEntry { Details = text.English(), DetailsKey = text.Key, DetailsArgs = text.ArgsJson() };

        Assert.Equal("使用恢复码登录；剩余 3 个", AuditText.Display(row, Chinese));
        Assert.Equal("signed in with a recovery code; 3 left", AuditText.Display(row, English));
    }

    [Theory]
    [InlineData("AuditDetail.NoSuchKey", "[3]")] // a key removed since the row was written
    [InlineData("AuditDetail.RecoveryCodeUsed", "[]")] // fewer arguments than the text needs
    [InlineData("AuditDetail.RecoveryCodeUsed", "not json")]
    [InlineData("AuditDetail.RecoveryCodeUsed", "[{\"what\":1}]")]
    public void Display_KeyOrArgumentsThatDoNotFit_FallBackToTheStoredEnglish(string key, string args)
    {
        var row = new AuditEntry { Details = "the English as written", DetailsKey = key, DetailsArgs = args };

        Assert.Equal("the English as written", AuditText.Display(row, Chinese));
    }

    [Fact]
    public void Of_AnArgumentItCannotKeep_IsRefusedWhenWritten()
    {
        Assert.Throws<ArgumentException>(() => AuditText.Of("AuditDetail.RecoveryCodeUsed", 1.5m));
    }

    [Theory]
    [InlineData("broadcast 12", 12)]
    [InlineData("broadcast x", null)]
    [InlineData("broadcaster 12", null)]
    [InlineData("+8613900001111", null)]
    [InlineData(null, null)]
    public void BroadcastIdOf_OnlyTheBroadcastSubject(string? subject, int? id) => Assert.Equal(id, AuditText.BroadcastIdOf(subject));
}
