using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Compose;

public sealed class MessageDraftConfiguration : IEntityTypeConfiguration<MessageDraft>
{
    public void Configure(EntityTypeBuilder<MessageDraft> builder)
    {
        builder.ToTable("MessageDrafts");
        builder.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.OwnerId).HasMaxLength(450);
        builder.Property(x => x.OwnerName).HasMaxLength(256);
        builder.Property(x => x.Type).HasMaxLength(16);
        builder.Property(x => x.Summary).HasMaxLength(200);
        builder.HasIndex(x => new { x.Kind, x.OwnerId, x.UpdatedUtc });
    }
}
