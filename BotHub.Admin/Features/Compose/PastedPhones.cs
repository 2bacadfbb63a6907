using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Compose;

/// <param name="Valid">Distinct numbers in E.164 form, in the order pasted.</param>
/// <param name="Invalid">Entries that are not phone numbers, as pasted.</param>
/// <param name="Repeats">Entries dropped because the same number came earlier.</param>
/// <param name="Ignored">Entries past <see cref="PastedPhones.MaxEntries"/>, not read.</param>
public sealed record PastedPhoneList(IReadOnlyList<string> Valid, IReadOnlyList<string> Invalid, int Repeats, int Ignored = 0);

/// <summary>Reads a pasted list of phone numbers: one per line, or separated by commas, semicolons or tabs.</summary>
public static class PastedPhones
{
    public const int MaxEntries = 100_000;

    private static readonly char[] Separators = ['\n', '\r', ',', ';', '\t'];

    public static PastedPhoneList Parse(string? text, PhoneNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        var valid = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var invalid = new List<string>();
        var repeats = 0;
        var entries = (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries.Take(MaxEntries))
        {
            if (normalizer.Normalize(entry) is { E164: { } phone })
            {
                if (seen.Add(phone))
                {
                    valid.Add(phone);
                }
                else
                {
                    repeats++;
                }
            }
            else
            {
                invalid.Add(entry.Length > 40 ? entry[..40] : entry);
            }
        }

        return new(valid, invalid, repeats, Math.Max(0, entries.Length - MaxEntries));
    }
}
