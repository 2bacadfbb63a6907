using BotHub.Admin.Data;
using BotHub.Admin.Features.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel at http://127.0.0.1:&lt;ephemeral&gt;, with a fresh database of its own (see <see cref="TestDatabase"/>).
/// One per test class (as a class fixture).
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "first admin passphrase";

    private readonly List<IAsyncDisposable> _closeFirst = [];
    private readonly string _folder;
    private readonly string _database;

    public TestApp()
    {
        _folder = Directory.CreateTempSubdirectory("bothub-test-").FullName;
        _database = TestDatabase.NewConnectionString(_folder);
        UseKestrel(0);
        StartServer();
    }

    /// <summary>The app's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl => ClientOptions.BaseAddress;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>(TestDatabase.Settings(_database))
    {
        ["Bootstrap:AdminEmail"] = AdminEmail,
        ["Bootstrap:AdminPassword"] = AdminPassword,
        ["Auth:RevalidationInterval"] = "00:00:02",
        // Tests of other features sign in with a password alone, as often as they like; the sign-in tests set their own.
        ["Auth:RequireMfaFor"] = "",
        ["Auth:SignInLimitPerAddress"] = "100000",
        ["Auth:SignInLimitPerAccount"] = "100000",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Bsp:Sandbox:Port"] = "0",
        ["Demo:Seed"] = "false",
        // Tests of other features keep what they create as it is; the engine's tests turn it on.
        ["Sending:Enabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Makes a user directly in the database, for a test's set-up.</summary>
    public async Task<AppUser> CreateUserAsync(string email, string password, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, CreatedUtc = DateTime.UtcNow };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, roles.Length == 0 ? [Roles.Staff] : roles));
        return user;
    }

    private static void Check(IdentityResult r)
    {
        if (!r.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", r.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Something to close before the server stops, such as a browser context whose circuit is still open.</summary>
    public void CloseBeforeStopping(IAsyncDisposable item)
    {
        lock (_closeFirst)
        {
            _closeFirst.Add(item);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var item in _closeFirst)
        {
            await item.DisposeAsync();
        }

        await base.DisposeAsync();
        await TestDatabase.DropAsync(_database);
        await DeleteFolderAsync(_folder);

        GC.SuppressFinalize(this);
    }

    // Best effort: a connection pool or a late write of the stopped app can hold a file for a moment; a temp folder left
    // behind is no reason to fail a test.
    private static async Task DeleteFolderAsync(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        for (var i = 0; i < 10 && Directory.Exists(folder); i++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }
}
