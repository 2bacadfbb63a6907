using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Channels;

/// <summary>Why a change to a channel, a key or a secret was refused; the page shows "Channels.Error.{name}".</summary>
public enum ChannelError
{
    NotFound,
    FromConfiguration,
    KeyFromConfiguration,
    SecretFromConfiguration,
    NameRequired,
    InvalidPhone,
    DuplicatePhone,
    InvalidTimeZone,
    InvalidTier,
    InvalidRate,
    InvalidBurst,
    RateAboveProvider,
    BurstAboveProvider,
    InvalidKey,
    DuplicateKey,
    HasActiveBroadcasts,
    HasHistory,
    LastKeyInUse,
}

/// <summary>An operation's outcome: done (maybe with a secret to show once), or refused with the reason.</summary>
/// <param name="Detail">More about the reason, e.g. why a phone number was not read.</param>
/// <param name="Secret">A new key or webhook secret, to show once; it is not kept anywhere readable.</param>
public sealed record ChannelResult(ChannelError? Error, string? Detail = null, int? Id = null, string? Secret = null)
{
    public bool Ok => Error is null;

    public static ChannelResult Done(int? id = null, string? secret = null) => new(null, null, id, secret);

    public static ChannelResult Fail(ChannelError error, string? detail = null) => new(error, detail);
}

/// <summary>A key as the page and the audit log show it: never more than its last four characters.</summary>
public static class KeyText
{
    public static string Masked(string last4) => "••••" + last4;
}
