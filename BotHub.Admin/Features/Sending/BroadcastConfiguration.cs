using BotHub.Admin.Features.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Sending;

public sealed class BroadcastConfiguration : IEntityTypeConfiguration<Broadcast>
{
    public void Configure(EntityTypeBuilder<Broadcast> builder)
    {
        builder.ToTable("Broadcasts");
        builder.Property(x => x.Name).HasMaxLength(Broadcast.NameMaxLength);
        builder.Property(x => x.Source).HasMaxLength(16);
        builder.Property(x => x.Type).HasMaxLength(16);
        builder.Property(x => x.Template).HasMaxLength(4096);
        builder.Property(x => x.MediaUrl).HasMaxLength(2048);
        builder.Property(x => x.Extension).HasMaxLength(8);
        builder.Property(x => x.Audience).HasMaxLength(1000);
        builder.Property(x => x.AudienceJson).HasMaxLength(4000);
        builder.Property(x => x.ForecastJson).HasMaxLength(1000);
        builder.Property(x => x.CreatedById).HasMaxLength(450);
        builder.Property(x => x.CreatedByName).HasMaxLength(256);
        builder.Property(x => x.ScheduleZone).HasMaxLength(64);
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Order).HasConversion<string>().HasMaxLength(24);
        builder.HasIndex(x => x.CreatedUtc);
        builder.HasIndex(x => new { x.State, x.ScheduledUtc });
        builder.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.ToTable("Deliveries");
        builder.Property(x => x.Phone).HasMaxLength(40);
        builder.Property(x => x.MessageId).HasMaxLength(64);
        builder.HasIndex(x => x.MessageId).IsUnique();
        builder.Property(x => x.Text).HasMaxLength(4096);
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Reason).HasConversion<string>().HasMaxLength(24);
        builder.Property(x => x.ReasonDetail).HasMaxLength(200);
        builder.Property(x => x.LastMessage).HasMaxLength(500);
        builder.Property(x => x.LastRequestId).HasMaxLength(64);
        // The engine takes a broadcast's queued rows in order; the pages count and page rows by state.
        builder.HasIndex(x => new { x.BroadcastId, x.State, x.Sequence });
        builder.HasIndex(x => new { x.ChannelId, x.State });
        // Due work of a broadcast: queued rows due now (a retry's time, or none) in sending order; rows waiting for later are not read.
        builder.HasIndex(x => new { x.BroadcastId, x.State, x.NextAttemptUtc, x.Sequence });
        // Rows waiting for the quota whose day has come; and claims whose lease ran out (few rows are claimed: the State prefix finds them).
        builder.HasIndex(x => new { x.State, x.NextAttemptUtc });
        builder.Property(x => x.ClaimedBy).HasMaxLength(64);
        builder.HasIndex(x => x.RecipientId);
        builder.HasOne<Broadcast>().WithMany().HasForeignKey(x => x.BroadcastId).OnDelete(DeleteBehavior.Cascade);
    }
}
