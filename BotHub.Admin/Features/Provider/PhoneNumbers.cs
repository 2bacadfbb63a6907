using System.Globalization;
using PhoneNumbers;

namespace BotHub.Admin.Features.Provider;

/// <summary>Why a phone number could not be read. Stored nowhere: pages word it in the reader's language (PhoneText).</summary>
public enum PhoneProblem
{
    Empty,
    NotANumber,

    /// <summary>Digits that make a number of some country, written without its code, and no default region to assume.</summary>
    NoCountryCode,
    UnknownCountryCode,
    TooShort,
    TooLong,
    InvalidForCountry,
}

/// <summary>A phone number typed or imported, read as E.164, or the reason it could not be.</summary>
/// <param name="CountryCode">"+86": for <see cref="PhoneProblem.NoCountryCode"/> the code that makes the digits valid (null when
/// several countries would), for
/// <see cref="PhoneProblem.InvalidForCountry"/> the number's own.</param>
public sealed record PhoneParse(string? E164, PhoneProblem? Problem, string? CountryCode = null)
{
    public bool Ok => E164 is not null;

    /// <summary>The reason in English, for logs and the audit log.</summary>
    public string? Error => Problem switch
    {
        null => null,
        PhoneProblem.Empty => "empty",
        PhoneProblem.NotANumber => "not a phone number",
        PhoneProblem.NoCountryCode => $"no country code (add {CountryCode ?? "the country's code"} or set a default region)",
        PhoneProblem.UnknownCountryCode => "unknown country code",
        PhoneProblem.TooShort => "too short",
        PhoneProblem.TooLong => "too long",
        _ => $"not a valid number for {CountryCode}",
    };

    public static PhoneParse Fail(PhoneProblem problem, string? countryCode = null) => new(null, problem, countryCode);
}

/// <summary>
/// Normalises phone numbers to E.164 with libphonenumber (spec, "Phone numbers"): spaces, dashes, brackets and a
/// leading 00 are accepted; a number without a country code takes the configured default region. Without one, digits
/// that form a valid international number once a "+" is put in front are taken as one (8613900001112 is +86 139 0000
/// 1112); digits that are a valid national number of some country are refused as lacking the country code, naming it;
/// anything else is not a phone number.
/// </summary>
public sealed class PhoneNormalizer(string? defaultRegion)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // Where a national number without a code is looked for: the console's own market first, then every region.
    private static readonly string[] Regions = ["CN", .. Util.GetSupportedRegions().Where(r => r != "CN").Order(StringComparer.Ordinal)];

    public string? DefaultRegion { get; } = string.IsNullOrWhiteSpace(defaultRegion) ? null : defaultRegion.Trim().ToUpperInvariant();

    public PhoneParse Normalize(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            return PhoneParse.Fail(PhoneProblem.Empty);
        }

        if (text.Length > 32)
        {
            return PhoneParse.Fail(PhoneProblem.NotANumber);
        }

        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }

        if (!text.StartsWith('+') && DefaultRegion is null)
        {
            return WithoutRegion(text);
        }

        try
        {
            var number = Util.Parse(text, text.StartsWith('+') ? null : DefaultRegion);
            if (Util.IsValidNumber(number))
            {
                return new(Util.Format(number, PhoneNumberFormat.E164), null);
            }

            return Util.IsPossibleNumberWithReason(number) switch
            {
                PhoneNumberUtil.ValidationResult.TOO_SHORT => PhoneParse.Fail(PhoneProblem.TooShort),
                PhoneNumberUtil.ValidationResult.TOO_LONG => PhoneParse.Fail(PhoneProblem.TooLong),
                PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => PhoneParse.Fail(PhoneProblem.UnknownCountryCode),
                _ => PhoneParse.Fail(PhoneProblem.InvalidForCountry, Plus(number.CountryCode)),
            };
        }
        catch (NumberParseException e)
        {
            return PhoneParse.Fail(e.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => PhoneProblem.UnknownCountryCode,
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => PhoneProblem.TooShort,
                ErrorType.TOO_LONG => PhoneProblem.TooLong,
                _ => PhoneProblem.NotANumber,
            });
        }
    }

    private static PhoneParse WithoutRegion(string text)
    {
        // Only digits and the usual separators can be a number written without its "+".
        if (text.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '/')))
        {
            return PhoneParse.Fail(PhoneProblem.NotANumber);
        }

        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is < 6 or > 17)
        {
            return PhoneParse.Fail(PhoneProblem.NotANumber);
        }

        if (Valid("+" + digits, null) is { } international)
        {
            return new(Util.Format(international, PhoneNumberFormat.E164), null);
        }

        // A national number: name its country's code when that is clear (the console's own market, or one country only).
        var codes = new HashSet<int>();
        foreach (var region in Regions)
        {
            if (Valid(digits, region) is { } national)
            {
                if (region == "CN")
                {
                    return PhoneParse.Fail(PhoneProblem.NoCountryCode, Plus(national.CountryCode));
                }

                codes.Add(national.CountryCode);
            }
        }

        return codes.Count switch
        {
            0 => PhoneParse.Fail(PhoneProblem.NotANumber),
            1 => PhoneParse.Fail(PhoneProblem.NoCountryCode, Plus(codes.Single())),
            _ => PhoneParse.Fail(PhoneProblem.NoCountryCode),
        };
    }

    private static PhoneNumber? Valid(string text, string? region)
    {
        try
        {
            var number = Util.Parse(text, region);
            return Util.IsValidNumber(number) ? number : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static string Plus(int countryCode) => "+" + countryCode.ToString(CultureInfo.InvariantCulture);
}
