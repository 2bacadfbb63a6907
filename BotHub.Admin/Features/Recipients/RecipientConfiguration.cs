using System.Text.Json;
using BotHub.Admin.Features.Channels;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Recipients;

public sealed class RecipientConfiguration : IEntityTypeConfiguration<Recipient>
{
    public void Configure(EntityTypeBuilder<Recipient> builder)
    {
        builder.ToTable("Recipients");
        builder.Property(x => x.Phone).HasMaxLength(16);
        builder.HasIndex(x => x.Phone).IsUnique();
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.OptIn).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.OptInSource).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(x => x.OptIn);
        builder.HasIndex(x => x.Name);
        builder.HasIndex(x => x.CreatedUtc);
        // The grid filters eligible (opted-in) people and sorts by when they were added: walk this index in order, stop at the page.
        builder.HasIndex(x => new { x.OptIn, x.CreatedUtc });
        builder.Property(x => x.Attributes).HasConversion(
                v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                    v => new Dictionary<string, string>(v)))
            .HasColumnName("AttributesJson");
        builder.HasMany(x => x.Tags).WithOne().HasForeignKey(t => t.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RecipientTagConfiguration : IEntityTypeConfiguration<RecipientTag>
{
    public void Configure(EntityTypeBuilder<RecipientTag> builder)
    {
        builder.ToTable("RecipientTags");
        builder.HasKey(x => new { x.RecipientId, x.Tag });
        builder.Property(x => x.Tag).HasMaxLength(64);
        builder.HasIndex(x => new { x.Tag, x.RecipientId });
    }
}

public sealed class OptInChangeConfiguration : IEntityTypeConfiguration<OptInChange>
{
    public void Configure(EntityTypeBuilder<OptInChange> builder)
    {
        builder.ToTable("OptInChanges");
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.ByUser).HasMaxLength(256);
        builder.HasIndex(x => new { x.RecipientId, x.AtUtc });
        builder.HasOne<Recipient>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RecipientChannelActivityConfiguration : IEntityTypeConfiguration<RecipientChannelActivity>
{
    public void Configure(EntityTypeBuilder<RecipientChannelActivity> builder)
    {
        builder.ToTable("RecipientActivity");
        builder.HasKey(x => new { x.RecipientId, x.ChannelId });
        builder.HasIndex(x => new { x.ChannelId, x.LastInboundUtc });
        builder.HasOne<Recipient>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("InboundMessages");
        builder.Property(x => x.ProviderMessageId).HasMaxLength(128);
        builder.HasIndex(x => new { x.ChannelId, x.ProviderMessageId }).IsUnique();
        builder.HasIndex(x => new { x.RecipientId, x.SentUtc });
        builder.Property(x => x.From).HasMaxLength(16);
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.Type).HasMaxLength(16);
        builder.Property(x => x.Text).HasMaxLength(4096);
        builder.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Recipient>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}
