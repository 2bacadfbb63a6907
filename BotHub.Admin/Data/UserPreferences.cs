using Microsoft.EntityFrameworkCore;

namespace BotHub.Admin.Data;

/// <summary>Per-person settings kept on the user row, so they follow the person to any browser.</summary>
public sealed class UserPreferences(IDbContextFactory<AppDbContext> factory)
{
    public async Task<bool> GetDarkModeAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PrefersDarkMode).FirstOrDefaultAsync(ct);
    }

    public async Task SetDarkModeAsync(string userId, bool dark, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PrefersDarkMode, dark), ct);
    }

    public async Task<string?> GetTimeZoneAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(ct);
    }

    public async Task SetTimeZoneAsync(string userId, string zone, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZone, zone), ct);
    }
}
