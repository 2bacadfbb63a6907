using System.ComponentModel.DataAnnotations;

namespace BotHub.Admin.Features.Sessions;

/// <summary>Session settings, under "Auth" beside the other sign-in settings.</summary>
public sealed class SessionOptions
{
    public const string Section = "Auth";

    /// <summary>A session ends this long after sign-in, however much it is used.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Auth:AbsoluteSessionLifetime must be between 1 minute and 30 days.")]
    public TimeSpan AbsoluteSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A session ends when the browser has made no request for this long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Auth:SessionIdleTimeout must be between 1 minute and 30 days.")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Ended and expired sessions are deleted after this many days (the audit log keeps sign-ins and sign-outs).</summary>
    [Range(0, 3650, ErrorMessage = "Auth:EndedSessionsKeptDays must be between 0 and 3650.")]
    public int EndedSessionsKeptDays { get; set; } = 30;

    /// <summary>How seldom "last seen" is written: not on every request.</summary>
    public static readonly TimeSpan LastSeenPrecision = TimeSpan.FromMinutes(1);
}
