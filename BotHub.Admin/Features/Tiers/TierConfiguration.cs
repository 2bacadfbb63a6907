using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Tiers;

public sealed class QuotaUseConfiguration : IEntityTypeConfiguration<QuotaUse>
{
    public void Configure(EntityTypeBuilder<QuotaUse> builder)
    {
        builder.ToTable("QuotaUses");
        builder.HasKey(x => new { x.ChannelId, x.Day, x.RecipientId });
        // The tier page counts a channel's units per day and broadcast; this index answers that without the table.
        builder.HasIndex(x => new { x.ChannelId, x.Day, x.BroadcastId });
        builder.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ContactCheckConfiguration : IEntityTypeConfiguration<ContactCheck>
{
    public void Configure(EntityTypeBuilder<ContactCheck> builder)
    {
        builder.ToTable("ContactChecks");
        builder.HasKey(x => new { x.ChannelId, x.RecipientId });
        builder.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Recipient>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}
