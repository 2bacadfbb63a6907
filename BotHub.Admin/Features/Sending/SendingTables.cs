using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Sending;

/// <summary>This feature's tables, read as properties of the app's context (the context itself names no feature).</summary>
public static class SendingTables
{
    extension(AppDbContext db)
    {
        public DbSet<Broadcast> Broadcasts => db.Set<Broadcast>();
        public DbSet<Delivery> Deliveries => db.Set<Delivery>();
        public DbSet<DeliveryAttempt> DeliveryAttempts => db.Set<DeliveryAttempt>();
    }
}
