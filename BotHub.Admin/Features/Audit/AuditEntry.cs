using BotHub.Admin.Data;

namespace BotHub.Admin.Features.Audit;

/// <summary>One thing that happened, who did it and from where. Rows are only ever added.</summary>
/// <remarks>Append-only: <see cref="IAppendOnly"/> makes the context refuse edits, and a database trigger refuses them too.</remarks>
public sealed class AuditEntry : IAppendOnly
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public AuditKind Kind { get; set; }

    /// <summary>Identity user id of who acted; null for the system or an unknown user.</summary>
    public string? ActorId { get; set; }

    /// <summary>Who acted, as they were named then (an email, or the name typed at a failed sign-in).</summary>
    public string? ActorName { get; set; }

    /// <summary>The client's IP address, when the action came from a request.</summary>
    public string? Address { get; set; }

    /// <summary>What the action was about, e.g. the user whose roles changed.</summary>
    public string? Subject { get; set; }

    /// <summary>What changed, in plain English words (searched and exported); never a secret.</summary>
    public string? Details { get; set; }

    /// <summary>The resource key of <see cref="Details"/>, so the page says it in its reader's language; null for older entries.</summary>
    public string? DetailsKey { get; set; }

    /// <summary>The arguments of <see cref="DetailsKey"/> as a JSON array (see <see cref="AuditText"/>).</summary>
    public string? DetailsArgs { get; set; }
}

public enum AuditKind
{
    SignIn,
    SignInFailed,
    LockedOut,
    SignOut,
    PasswordChanged,
    UserCreated,
    RolesChanged,
    UserDisabled,
    UserEnabled,
    PasswordReset,
    UserUnlocked,
    RecipientsTagged,
    RecipientsUntagged,
    RecipientsOptedOut,
    RecipientsOptedIn,
    RecipientsDeleted,
    RecipientsImported,
    RecipientsExported,
    BroadcastCreated,
    TemplateSaved,
    TemplateDeleted,
    SelectionSaved,
    SelectionDeleted,
    ChannelPaused,
    ChannelResumed,
    BroadcastPaused,
    BroadcastResumed,
    BroadcastCancelled,
    BroadcastRetried,
    TestSent,
    BroadcastExported,
    ChannelCreated,
    ChannelEdited,
    ChannelDeleted,
    ApiKeyAdded,
    ApiKeyEnabled,
    ApiKeyDisabled,
    ApiKeyRotated,
    ApiKeyDeleted,
    ApiKeyTested,
    WebhookSecretGenerated,
    WebhookSecretRotated,
    BroadcastCompleted,
    SessionEnded,
    OtherSessionsEnded,
    TwoFactorEnabled,
    TwoFactorDisabled,
    RecoveryCodesGenerated,
    RecoveryCodeUsed,
    SignInThrottled,
    TwoFactorRequirementChanged,
    UserDeleted,
}
