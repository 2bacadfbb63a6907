using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Channels;

public sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.ToTable("Channels");
        builder.Property(x => x.BotPhone).HasMaxLength(16);
        builder.HasIndex(x => x.BotPhone).IsUnique();
        builder.Property(x => x.Name).HasMaxLength(100);
        builder.Property(x => x.TimeZone).HasMaxLength(64);
        builder.Property(x => x.PausedMessage).HasMaxLength(500);
        builder.HasMany(x => x.Keys).WithOne().HasForeignKey(k => k.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.Property(x => x.Last4).HasMaxLength(4);
        builder.Property(x => x.CreatedBy).HasMaxLength(256);
    }
}
