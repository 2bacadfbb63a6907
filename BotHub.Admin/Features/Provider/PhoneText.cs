using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;

namespace BotHub.Admin.Features.Provider;

/// <summary>Why a phone number could not be read, and what to do, in the page's language.</summary>
public static class PhoneText
{
    /// <summary>"Not a phone number"; "No country code: add +86 or set a default region".</summary>
    public static string Problem(IStringLocalizer<Strings> l, PhoneProblem problem, string? countryCode = null)
    {
        ArgumentNullException.ThrowIfNull(l);
        return l[Key(problem, countryCode), countryCode ?? ""];
    }

    /// <summary>The resource that says it: a national number that several countries have names no code.</summary>
    public static string Key(PhoneProblem problem, string? countryCode) =>
        problem == PhoneProblem.NoCountryCode && countryCode is null ? "Phone.NoCountryCodeAny" : $"Phone.{problem}";

    public static object[] Args(PhoneParse parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return [parse.CountryCode ?? ""];
    }

    public static string? Problem(IStringLocalizer<Strings> l, PhoneParse parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.Problem is { } p ? Problem(l, p, parse.CountryCode) : null;
    }
}
