using System.Globalization;
using BotHub.Admin.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>The app's real resources outside a component: what a page would say, in a chosen language.</summary>
public static class TestText
{
    public static IStringLocalizer<Strings> L { get; } = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider()
        .GetRequiredService<IStringLocalizer<Strings>>();

    /// <summary>Runs <paramref name="say"/> with the UI culture set to <paramref name="culture"/>, then puts the old one back.</summary>
    public static T In<T>(string culture, Func<IStringLocalizer<Strings>, T> say)
    {
        ArgumentNullException.ThrowIfNull(say);
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            return say(L);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }
}
