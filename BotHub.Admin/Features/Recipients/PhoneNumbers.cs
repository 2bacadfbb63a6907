using PhoneNumbers;

namespace BotHub.Admin.Features.Recipients;

/// <summary>A phone number typed or imported, read as E.164, or the reason it could not be.</summary>
public sealed record PhoneParse(string? E164, string? Error)
{
    public bool Ok => E164 is not null;
}

/// <summary>
/// Normalises phone numbers to E.164 with libphonenumber (spec, "Phone numbers"): spaces, dashes, brackets and a
/// leading 00 are accepted; a number without a country code takes the configured default region.
/// </summary>
public sealed class PhoneNormalizer(string? defaultRegion)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public string? DefaultRegion { get; } = string.IsNullOrWhiteSpace(defaultRegion) ? null : defaultRegion.Trim().ToUpperInvariant();

    public PhoneParse Normalize(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            return new(null, "empty");
        }

        if (text.Length > 32)
        {
            return new(null, "too long to be a phone number");
        }

        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }

        if (!text.StartsWith('+') && DefaultRegion is null)
        {
            return new(null, "no country code, and no default region is configured");
        }

        try
        {
            var number = Util.Parse(text, text.StartsWith('+') ? null : DefaultRegion);
            if (Util.IsValidNumber(number))
            {
                return new(Util.Format(number, PhoneNumberFormat.E164), null);
            }

            return new(null, Util.IsPossibleNumberWithReason(number) switch
            {
                PhoneNumberUtil.ValidationResult.TOO_SHORT => "too short",
                PhoneNumberUtil.ValidationResult.TOO_LONG => "too long",
                _ => "not a valid number for its country",
            });
        }
        catch (NumberParseException e)
        {
            return new(null, e.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => "unknown country code",
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => "too short",
                ErrorType.TOO_LONG => "too long",
                _ => "not a phone number",
            });
        }
    }
}
