using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Audit;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        var e = builder;
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
        e.Property(x => x.ActorId).HasMaxLength(64);
        e.Property(x => x.ActorName).HasMaxLength(256);
        e.Property(x => x.Address).HasMaxLength(64);
        e.Property(x => x.Subject).HasMaxLength(256);
        e.Property(x => x.Details).HasMaxLength(2000);
        e.Property(x => x.DetailsKey).HasMaxLength(100);
        e.Property(x => x.DetailsArgs).HasMaxLength(4000);
        e.HasIndex(x => x.AtUtc);
        e.HasIndex(x => new { x.Kind, x.AtUtc });
        e.HasIndex(x => new { x.ActorName, x.AtUtc });
    }
}
