using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Recipients;

/// <summary>This feature's tables, read as properties of the app's context (the context itself names no feature).</summary>
public static class RecipientsTables
{
    extension(AppDbContext db)
    {
        public DbSet<Recipient> Recipients => db.Set<Recipient>();
        public DbSet<RecipientChannelActivity> RecipientActivity => db.Set<RecipientChannelActivity>();
        public DbSet<InboundMessage> InboundMessages => db.Set<InboundMessage>();
        public DbSet<RecipientTag> RecipientTags => db.Set<RecipientTag>();
        public DbSet<OptInChange> OptInChanges => db.Set<OptInChange>();
        public DbSet<SavedSelection> SavedSelections => db.Set<SavedSelection>();
        public DbSet<SavedSelectionMember> SavedSelectionMembers => db.Set<SavedSelectionMember>();
    }
}
