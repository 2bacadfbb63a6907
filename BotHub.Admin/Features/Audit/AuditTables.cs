using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Audit;

/// <summary>This feature's tables, read as properties of the app's context (the context itself names no feature).</summary>
public static class AuditTables
{
    extension(AppDbContext db)
    {
        public DbSet<AuditEntry> AuditEntries => db.Set<AuditEntry>();
    }
}
