using BotHub.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Features.Channels;

/// <summary>This feature's tables, read as properties of the app's context (the context itself names no feature).</summary>
public static class ChannelsTables
{
    extension(AppDbContext db)
    {
        public DbSet<Channel> Channels => db.Set<Channel>();
        public DbSet<ApiKey> ApiKeys => db.Set<ApiKey>();
        public DbSet<ApiKeyTest> ApiKeyTests => db.Set<ApiKeyTest>();
    }
}
