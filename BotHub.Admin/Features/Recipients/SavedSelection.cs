using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Recipients;

/// <summary>A named, fixed list of recipients saved from the recipients page, to send to again later.</summary>
public sealed class SavedSelection
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public int Count { get; set; }
}

public sealed class SavedSelectionMember
{
    public int SelectionId { get; set; }
    public int RecipientId { get; set; }
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
