using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Tiers;

/// <summary>This feature's tables, read as properties of the app's context (the context itself names no feature).</summary>
public static class TiersTables
{
    extension(AppDbContext db)
    {
        public DbSet<QuotaUse> QuotaUses => db.Set<QuotaUse>();
        public DbSet<ContactCheck> ContactChecks => db.Set<ContactCheck>();
    }
}
