using BotHub.Admin.Features.Recipients;
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

public sealed class SavedSelectionConfiguration : IEntityTypeConfiguration<SavedSelection>
{
    public void Configure(EntityTypeBuilder<SavedSelection> builder)
    {
        builder.ToTable("SavedSelections");
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.HasIndex(x => x.Name).IsUnique();
        builder.Property(x => x.CreatedBy).HasMaxLength(256);
    }
}

public sealed class SavedSelectionMemberConfiguration : IEntityTypeConfiguration<SavedSelectionMember>
{
    public void Configure(EntityTypeBuilder<SavedSelectionMember> builder)
    {
        builder.ToTable("SavedSelectionMembers");
        builder.HasKey(x => new { x.SelectionId, x.RecipientId });
        builder.HasOne<SavedSelection>().WithMany().HasForeignKey(x => x.SelectionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Recipient>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}
