using System.Globalization;
using System.Reflection;
using BotHub.Admin.Components.Account;
using BotHub.Admin.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Tests.Unit.Localization;

/// <summary>Every text ASP.NET Core Identity can give is the app's own, so none reaches a Chinese page in English.</summary>
public sealed class IdentityErrorsTests
{
    private static IEnumerable<MethodInfo> Texts() => typeof(IdentityErrorDescriber)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance)
        .Where(m => m.IsVirtual && m.ReturnType == typeof(IdentityError));

    [Fact]
    public void EveryIdentityText_IsOverridden()
    {
        var missing = Texts()
            .Where(m => typeof(LocalizedIdentityErrors).GetMethod(m.Name, [.. m.GetParameters().Select(p => p.ParameterType)])!.DeclaringType
                != typeof(LocalizedIdentityErrors))
            .Select(m => m.Name)
            .ToList();

        Assert.True(Texts().Count() >= 20, "Identity's describer has fewer texts than expected: is the scan right?");
        Assert.True(missing.Count == 0, "Identity texts left in English: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryIdentityText_InChinese_IsChinese_WithItsArgument()
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var describer = new LocalizedIdentityErrors(services.GetRequiredService<IStringLocalizer<Strings>>());
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        try
        {
            foreach (var method in Texts())
            {
                var args = method.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)12 : "x@example.com").ToArray();
                var error = (IdentityError)method.Invoke(describer, args)!;

                Assert.Equal(method.Name, error.Code);
                Assert.True(error.Description.Any(c => c is >= '\u4e00' and <= '\u9fff'), $"{method.Name}: \"{error.Description}\"");
                Assert.All(args, a => Assert.Contains(Convert.ToString(a, CultureInfo.InvariantCulture)!, error.Description, StringComparison.Ordinal));
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
