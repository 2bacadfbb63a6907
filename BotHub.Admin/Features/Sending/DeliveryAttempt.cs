using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Sending;

public enum AttemptKind
{
    Check,
    Send,
}

/// <summary>One request made for a delivery: what was asked, when, and what the provider answered.</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }

    /// <summary>The key the request carried: the keys page counts each key's requests and errors, and shows its latest answer.</summary>
    public int? ApiKeyId { get; set; }

    public AttemptKind Kind { get; set; }
    public DateTime AtUtc { get; set; }
    public OutcomeKind Outcome { get; set; }
    public int? HttpStatus { get; set; }
    public int? Code { get; set; }
    public int? Subcode { get; set; }
    public string? ProviderMessage { get; set; }
    public string? RequestId { get; set; }
    public int LatencyMs { get; set; }
}

public sealed class DeliveryAttemptConfiguration : IEntityTypeConfiguration<DeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<DeliveryAttempt> builder)
    {
        builder.ToTable("DeliveryAttempts");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.ProviderMessage).HasMaxLength(500);
        builder.Property(x => x.RequestId).HasMaxLength(64);
        builder.HasIndex(x => new { x.DeliveryId, x.AtUtc });
        builder.HasOne<Delivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Cascade);

        // No foreign key: Sqlite can only add one by copying the whole attempts table, and deleting a key would then
        // rewrite all its attempts. Key ids are never reused (AUTOINCREMENT), so a deleted key's id just matches nothing.
        // Outcome too, so the keys page's 24 h counts of requests and of errors read the index alone (a busy key has
        // some 1.7 million requests a day).
        builder.HasIndex(x => new { x.ApiKeyId, x.AtUtc, x.Outcome });
    }
}
