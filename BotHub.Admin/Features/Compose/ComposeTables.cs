using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Compose;

/// <summary>This feature's tables, read as properties of the app's context (the context itself names no feature).</summary>
public static class ComposeTables
{
    extension(AppDbContext db)
    {
        public DbSet<MessageDraft> MessageDrafts => db.Set<MessageDraft>();
    }
}
