using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Tests.Components.Compose;

/// <summary>How a broadcast's recipients were picked: kept without language or the pasted numbers, said in the reader's language.</summary>
public sealed class AudienceTextTests : BunitTestBase
{
    private IStringLocalizer L => Services.GetRequiredService<IStringLocalizer<Strings>>();

    public static TheoryData<AudienceChoice, string, string, string> Choices => new()
    {
        { new AudienceChoice(), "all eligible recipients", "所有符合条件的收件人", "all eligible" },
        { new AudienceChoice { Mode = AudienceMode.Tags, Tags = ["vip", "beijing"] }, "tags: vip, beijing", "标签：vip, beijing", "tags: vip, beijing" },
        {
            new AudienceChoice { Mode = AudienceMode.Filter, Search = "Li", Tag = "vip", OptIn = OptInStatus.OptedIn },
            "filter: search “Li”, tag “vip”, opt-in Opted in", "筛选：搜索“Li”，标签“vip”，订阅状态 已订阅", "filter: search 'Li', tag 'vip', opt-in OptedIn"
        },
        { new AudienceChoice { Mode = AudienceMode.Saved, SelectionId = 7 }, "saved selection #7", "已保存的选择 #7", "saved selection #7" },
        {
            new AudienceChoice { Mode = AudienceMode.Pasted, Pasted = "+8613800000001\n+8613800000002\n+8613800000003" },
            "pasted numbers (3 lines)", "粘贴的号码（3 行）", "pasted numbers (3 lines)"
        },
    };

    [Theory]
    [MemberData(nameof(Choices))]
    public void StoredRecord_IsSaidInTheReadersLanguage_AndInEnglishForTheAuditLog(AudienceChoice choice, string english, string chinese, string audit)
    {
        var stored = AudienceRecord.Of(choice).ToJson();
        Assert.DoesNotContain("+8613800000001", stored, StringComparison.Ordinal);

        var record = AudienceRecord.FromJson(stored);
        Assert.NotNull(record);
        UseCulture("en");
        Assert.Equal(english, AudienceText.Describe(record, L));
        UseCulture("zh-CN");
        Assert.Equal(chinese, AudienceText.Describe(record, L));
        Assert.Equal(audit, AudienceText.Describe(choice));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tags: vip")]
    public void NoRecord_ForOlderBroadcasts_IsNull(string? stored) => Assert.Null(AudienceRecord.FromJson(stored));
}
