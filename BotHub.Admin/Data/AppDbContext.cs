using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Tiers;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ApiKeyTest> ApiKeyTests => Set<ApiKeyTest>();
    public DbSet<Recipient> Recipients => Set<Recipient>();
    public DbSet<RecipientChannelActivity> RecipientActivity => Set<RecipientChannelActivity>();
    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();
    public DbSet<RecipientTag> RecipientTags => Set<RecipientTag>();
    public DbSet<OptInChange> OptInChanges => Set<OptInChange>();
    public DbSet<Broadcast> Broadcasts => Set<Broadcast>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<MessageDraft> MessageDrafts => Set<MessageDraft>();
    public DbSet<SavedSelection> SavedSelections => Set<SavedSelection>();
    public DbSet<SavedSelectionMember> SavedSelectionMembers => Set<SavedSelectionMember>();
    public DbSet<QuotaUse> QuotaUses => Set<QuotaUse>();
    public DbSet<ContactCheck> ContactChecks => Set<ContactCheck>();
    public DbSet<BotHub.Admin.Features.Sending.DeliveryAttempt> DeliveryAttempts => Set<BotHub.Admin.Features.Sending.DeliveryAttempt>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Sqlite keeps no zone: every DateTime in the model is UTC, and comes back marked as such.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditEntryConfiguration.RefuseEdits(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AuditEntryConfiguration.RefuseEdits(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}
