using BotHub.Admin.Features.Recipients;

using BotHub.Admin.Features.Compose;

namespace BotHub.Admin.Features.Sending;

public enum BroadcastState
{
    /// <summary>Waits for its start time; eligibility is judged when it runs.</summary>
    Scheduled,
    Queued,
    Sending,
    Paused,
    WaitingForQuota,
    Completed,
    Cancelled,
}

public enum SendOrder
{
    /// <summary>In the order recipients were added.</summary>
    AsAdded,

    /// <summary>Those who wrote to the channel most recently first: the likeliest to be reached before midnight.</summary>
    RecentlyActiveFirst,
}

/// <summary>One message sent to many recipients on one channel, with a delivery row per recipient.</summary>
public sealed class Broadcast
{
    public const int NameMaxLength = 100;

    public int Id { get; set; }

    /// <summary>What its author called it ("Spring sale"), to find it in the list; null: known by its number alone.</summary>
    public string? Name { get; set; }

    public int ChannelId { get; set; }
    public string Source { get; set; } = "botchat";
    public string Type { get; set; } = "text";

    /// <summary>The text or caption as written, with its variables.</summary>
    public string? Template { get; set; }

    public string? MediaUrl { get; set; }
    public string? Extension { get; set; }
    public string? FallbacksJson { get; set; }

    /// <summary>How recipients were picked, in English words, as the audit log has it.</summary>
    public string Audience { get; set; } = "";

    /// <summary>How recipients were picked (the composer's audience record, as JSON), which the page says in its reader's language.</summary>
    public string? AudienceJson { get; set; }

    public string CreatedById { get; set; } = "";
    public string CreatedByName { get; set; } = "";
    public DateTime CreatedUtc { get; set; }

    /// <summary>When to start; null: at once.</summary>
    public DateTime? ScheduledUtc { get; set; }

    /// <summary>The zone the schedule was chosen in, to show it as it was typed.</summary>
    public string? ScheduleZone { get; set; }

    /// <summary>0: unsent deliveries close at the channel's midnight; N: they wait up to N days for the user to write again.</summary>
    public int KeepDays { get; set; }

    public SendOrder Order { get; set; }
    public BroadcastState State { get; set; }

    /// <summary>Deliveries to send (not excluded at creation).</summary>
    public int Total { get; set; }

    /// <summary>Recipients excluded at creation.</summary>
    public int Excluded { get; set; }

    /// <summary>What was known about its recipients when it was made (<see cref="BroadcastForecast"/> as JSON); null before it was kept.</summary>
    public string? ForecastJson { get; set; }

    /// <summary>A test send to one number: it goes ahead of the queue, through the same limits.</summary>
    public bool IsTest { get; set; }

    /// <summary>When the engine took it up.</summary>
    public DateTime? StartedUtc { get; set; }

    /// <summary>When its unsent deliveries close as "eligibility ended": the channel's midnight, or N days later.</summary>
    public DateTime? ExpiresUtc { get; set; }

    public DateTime? FinishedUtc { get; set; }

    /// <summary>Since when it stands paused after it started; null while it is not paused (or was paused before starting).</summary>
    public DateTime? PausedUtc { get; set; }

    /// <summary>How long it stood paused after it started, over the pauses that ended: its elapsed time leaves them out.</summary>
    public long PausedMs { get; set; }

    /// <summary>Time spent sending from <paramref name="started"/> to <paramref name="end"/>, the pauses left out.</summary>
    public static TimeSpan ActiveTime(DateTime started, DateTime end, long pausedMs, DateTime? pausedUtc)
    {
        var standing = pausedUtc is { } p && end > p ? end - (p > started ? p : started) : TimeSpan.Zero;
        var active = end - started - TimeSpan.FromMilliseconds(pausedMs) - standing;
        return active > TimeSpan.Zero ? active : TimeSpan.Zero;
    }
}

public enum DeliveryState
{
    Queued,
    Checking,
    Sending,
    Sent,
    Failed,
    Excluded,
    Cancelled,
    WaitingForQuota,
}

public enum ExclusionReason
{
    OptedOut,
    NotOptedIn,
    NoMessageToday,
    InvalidNumber,
    NotARecipient,
    MissingVariable,
    MessageInvalid,
    CheckRefused,
    EligibilityEnded,
}

/// <summary>Why a recipient is left out, from why they may not get a push now (<see cref="Eligibility"/>).</summary>
public static class Exclusions
{
    public static ExclusionReason Of(IneligibleReason? reason) => reason switch
    {
        IneligibleReason.OptedOut => ExclusionReason.OptedOut,
        IneligibleReason.NotOptedIn => ExclusionReason.NotOptedIn,
        IneligibleReason.InvalidNumber => ExclusionReason.InvalidNumber,
        _ => ExclusionReason.NoMessageToday,
    };
}

/// <summary>
/// One recipient of a broadcast. Its provider message id is made when the broadcast is created and never changes, so
/// every retry of this message carries the same id (spec, "Decision (id)").
/// </summary>
public sealed class Delivery
{
    public long Id { get; set; }
    public int BroadcastId { get; set; }
    public int ChannelId { get; set; }
    public int? RecipientId { get; set; }

    /// <summary>E.164; for an excluded pasted entry, the text as pasted.</summary>
    public string Phone { get; set; } = "";

    /// <summary>The provider's "id"; null for a recipient excluded at creation.</summary>
    public string? MessageId { get; set; }

    /// <summary>The text or caption filled in for this recipient: exactly what is sent.</summary>
    public string? Text { get; set; }

    /// <summary>The order of sending within the broadcast.</summary>
    public int Sequence { get; set; }

    public DeliveryState State { get; set; }
    public ExclusionReason? Reason { get; set; }

    /// <summary>For <see cref="ExclusionReason.MissingVariable"/> and <see cref="ExclusionReason.MessageInvalid"/>: which, or what.</summary>
    public string? ReasonDetail { get; set; }

    public int Attempts { get; set; }
    public DateTime? SentUtc { get; set; }

    /// <summary>Not before this instant (a retry's backoff, the next day's quota); null: as soon as its turn comes.</summary>
    public DateTime? NextAttemptUtc { get; set; }

    /// <summary>The last provider error: the failure shown for a failed delivery.</summary>
    public int? LastCode { get; set; }

    public int? LastSubcode { get; set; }
    public string? LastMessage { get; set; }
    public string? LastRequestId { get; set; }

    /// <summary>
    /// The claim that holds this delivery while it is Checking or Sending: the engine instance and its claim number. Every
    /// write the engine makes for the delivery names it, so a claim given back or taken over is refused by the database.
    /// </summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when the claim holds; after that the engine gives the delivery back to the queue (a crash, a lost worker).</summary>
    public DateTime? LeaseUntilUtc { get; set; }

    /// <summary>A request of this delivery (its check or its send) is with the provider now: pause and cancel leave it to its answer.</summary>
    public bool InRequest { get; set; }
}
