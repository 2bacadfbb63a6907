using System.Globalization;
using System.Resources;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Unit.Broadcasts;

/// <summary>The deliveries table builds some keys from enum values: each exists in both languages.</summary>
public sealed class DeliveryKeysTests
{
    private static readonly ResourceManager Strings = new("BotHub.Admin.Resources.Strings", typeof(BotHub.Admin.Resources.Strings).Assembly);

    public static TheoryData<string> Keys() => new(Enum.GetNames<AttemptKind>().Select(k => $"Deliveries.AttemptKind.{k}")
        .Concat(Enum.GetNames<OutcomeKind>().Select(o => $"Deliveries.Outcome.{o}")));

    [Theory]
    [MemberData(nameof(Keys))]
    public void InterpolatedKey_HasEnglishAndChinese(string key)
    {
        var english = Strings.GetString(key, CultureInfo.InvariantCulture);
        var chinese = Strings.GetString(key, new CultureInfo("zh-Hans"));

        Assert.False(string.IsNullOrWhiteSpace(english), $"{key} has no English text");
        Assert.False(string.IsNullOrWhiteSpace(chinese), $"{key} has no Chinese text");
        Assert.NotEqual(english, chinese);
    }
}
