using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Sessions;

/// <summary>Why a session ended.</summary>
public enum SessionEnd
{
    SignedOut,
    Expired,
    EndedByUser,
    PasswordChanged,
    PasswordReset,
    RolesChanged,
    Disabled,
    UserDeleted,
}

/// <summary>
/// One signed-in browser. The cookie carries only a random key; the row is found by that key's SHA-256
/// (<see cref="Id"/>), so a copy of the database holds no usable cookie.
/// </summary>
public sealed class UserSession
{
    public const int UserAgentLength = 256;
    public const int AddressLength = 64;

    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";

    /// <summary>The authentication ticket (the user's claims), serialized and protected with Data Protection.</summary>
    public byte[] Ticket { get; set; } = [];

    public DateTime CreatedUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }

    /// <summary>The sliding end: moves on while the browser is used.</summary>
    public DateTime ExpiresUtc { get; set; }

    /// <summary>The absolute end: never moves.</summary>
    public DateTime AbsoluteExpiresUtc { get; set; }

    public string? UserAgent { get; set; }
    public string? Address { get; set; }
    public DateTime? EndedUtc { get; set; }
    public SessionEnd? EndReason { get; set; }

    public bool IsLive(DateTime now) => EndedUtc is null && now < ExpiresUtc && now < AbsoluteExpiresUtc;
}

public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(64);
        builder.Property(x => x.UserId).HasMaxLength(450);
        builder.Property(x => x.UserAgent).HasMaxLength(UserSession.UserAgentLength);
        builder.Property(x => x.Address).HasMaxLength(UserSession.AddressLength);
        builder.Property(x => x.EndReason).HasConversion<string>().HasMaxLength(24);
        builder.HasIndex(x => new { x.UserId, x.EndedUtc });
        builder.HasIndex(x => x.AbsoluteExpiresUtc);
    }
}
