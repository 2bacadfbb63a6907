using BotHub.Admin.Features.Provider;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BotHub.Admin.Features.Channels;

/// <summary>
/// One pre-send check an admin made with a key from the keys page. It belongs to no delivery, so it is not a
/// delivery attempt; kept apart, it still counts as the key's request and can be its latest answer.
/// </summary>
public sealed class ApiKeyTest
{
    public long Id { get; set; }
    public int ApiKeyId { get; set; }
    public DateTime AtUtc { get; set; }
    public OutcomeKind Outcome { get; set; }
    public int? Code { get; set; }
}

public sealed class ApiKeyTestConfiguration : IEntityTypeConfiguration<ApiKeyTest>
{
    public void Configure(EntityTypeBuilder<ApiKeyTest> builder)
    {
        builder.ToTable("ApiKeyTests");
        builder.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(24);
        builder.HasIndex(x => new { x.ApiKeyId, x.AtUtc });
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(x => x.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
