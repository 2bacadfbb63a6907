using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Clock;

namespace BotHub.Admin.Features.Channels;

/// <summary>What an admin types to create or edit a channel. The bot phone is fixed once the channel exists.</summary>
public sealed class ChannelForm
{
    public const int DefaultRate = 20;
    public const int DefaultBurst = 20;
    public const int MaxRate = PacingLimit.Highest;

    public string BotPhone { get; set; } = "";
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public int Tier { get; set; } = 1;

    /// <summary>Empty: the spec's 20 a second.</summary>
    public int? RatePerSecond { get; set; }

    /// <summary>Empty: the spec's 20.</summary>
    public int? Burst { get; set; }

    public static ChannelForm Of(ChannelSummary c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new ChannelForm
        {
            BotPhone = c.BotPhone, Name = c.Name, TimeZone = c.TimeZone, Tier = c.Tier, RatePerSecond = c.RatePerSecond, Burst = c.Burst,
        };
    }

    /// <summary>
    /// The first field that is wrong, if any (the phone is checked by the editor, which normalises it).
    /// <paramref name="maxRate"/> bounds rate and burst: the provider's 20 in Live mode (<see cref="PacingLimit.Max"/>).
    /// </summary>
    public ChannelError? Check(int maxRate)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 100)
        {
            return ChannelError.NameRequired;
        }

        if (!TimeZones.IsKnown(TimeZone))
        {
            return ChannelError.InvalidTimeZone;
        }

        if (Tier is < 1 or > 3)
        {
            return ChannelError.InvalidTier;
        }

        return RateError(RatePerSecond, maxRate) ?? BurstError(Burst, maxRate);
    }

    /// <summary>Why a rate is refused, if it is; empty means the default 20.</summary>
    public static ChannelError? RateError(int? rate, int maxRate) =>
        rate is < 1 or > MaxRate ? ChannelError.InvalidRate : rate > maxRate ? ChannelError.RateAboveProvider : null;

    /// <summary>Why a burst is refused, if it is; empty means the default 20.</summary>
    public static ChannelError? BurstError(int? burst, int maxRate) =>
        burst is < 1 or > MaxRate ? ChannelError.InvalidBurst : burst > maxRate ? ChannelError.BurstAboveProvider : null;
}
