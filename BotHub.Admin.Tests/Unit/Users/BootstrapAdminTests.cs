using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Unit.Users;

/// <summary>First run: the roles and the first administrator, from the "Bootstrap" settings.</summary>
public sealed class BootstrapAdminTests
{
    private const string Email = "owner@example.com";
    private const string Password = "a long first admin passphrase";
    private static readonly DateTimeOffset Now = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<IdentityServices> CreateAsync(string? email, string? password) =>
        IdentityServices.CreateAsync(new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = email,
            ["Bootstrap:AdminPassword"] = password,
        }, s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)), Ct);

    private static async Task<int> CountUsersAsync(IdentityServices identity)
    {
        await using var db = await identity.CreateDbContextAsync(Ct);
        return await db.Users.CountAsync(Ct);
    }

    [Fact]
    public async Task EnsureAsync_ConfiguredEmailAndPassword_CreatesAdminWithThatPassword()
    {
        await using var identity = await CreateAsync(Email, Password);

        var result = await BootstrapAdmin.EnsureAsync(identity.Provider, Ct);

        Assert.Equal(new BootstrapResult(true, Email, null), result);
        await using var scope = identity.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = await users.FindByEmailAsync(Email);
        Assert.NotNull(admin);
        Assert.Equal([Roles.Admin], await users.GetRolesAsync(admin));
        Assert.True(await users.CheckPasswordAsync(admin, Password));
        Assert.False(await users.CheckPasswordAsync(admin, Password + "x"));
        Assert.Equal(Now.UtcDateTime, admin.CreatedUtc);
        Assert.False(admin.MustChangePassword); // chosen by whoever set Bootstrap:AdminPassword
        Assert.Equal(1, await CountUsersAsync(identity));
    }

    [Fact]
    public async Task EnsureAsync_CreatesAdmin_WritesUserCreatedAuditEntry()
    {
        await using var identity = await CreateAsync(Email, Password);

        await BootstrapAdmin.EnsureAsync(identity.Provider, Ct);

        await using var db = await identity.CreateDbContextAsync(Ct);
        var entry = Assert.Single(await db.AuditEntries.ToListAsync(Ct));
        Assert.Equal(AuditKind.UserCreated, entry.Kind);
        Assert.Equal(Email, entry.Subject);
        Assert.Equal("system", entry.ActorName);
        Assert.Null(entry.ActorId);
        Assert.Equal(Now.UtcDateTime, entry.AtUtc);
        Assert.DoesNotContain(Password, entry.Details ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAsync_NoPasswordConfigured_ReturnsGeneratedPasswordThatSignsIn()
    {
        await using var identity = await CreateAsync(email: null, password: "");

        var result = await BootstrapAdmin.EnsureAsync(identity.Provider, Ct);

        Assert.True(result.Created);
        Assert.Equal(BootstrapOptions.DefaultEmail, result.Email);
        Assert.NotNull(result.GeneratedPassword);
        Assert.Equal(20, result.GeneratedPassword.Length);
        await using var scope = identity.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = await users.FindByEmailAsync(BootstrapOptions.DefaultEmail);
        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        Assert.True(await users.CheckPasswordAsync(admin, result.GeneratedPassword));
        Assert.True(admin.MustChangePassword); // printed to a console: changed at the first sign-in
    }

    [Fact]
    public async Task EnsureAsync_UserAlreadyExists_CreatesNothing()
    {
        await using var identity = await CreateAsync(Email, Password);
        Assert.True((await BootstrapAdmin.EnsureAsync(identity.Provider, Ct)).Created);

        var second = await BootstrapAdmin.EnsureAsync(identity.Provider, Ct);

        Assert.False(second.Created);
        Assert.Null(second.GeneratedPassword);
        Assert.Equal(1, await CountUsersAsync(identity));
        await using var db = await identity.CreateDbContextAsync(Ct);
        Assert.Equal(1, await db.AuditEntries.CountAsync(Ct));
    }

    [Fact]
    public async Task EnsureAsync_SomeNonAdminUserExists_CreatesNoAdmin()
    {
        await using var identity = await CreateAsync(Email, Password);
        await using (var scope = identity.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var staff = new AppUser { UserName = "staff@example.com", Email = "staff@example.com" };
            Assert.True((await users.CreateAsync(staff, "staff member passphrase")).Succeeded);
        }

        var result = await BootstrapAdmin.EnsureAsync(identity.Provider, Ct);

        Assert.False(result.Created);
        Assert.Equal(1, await CountUsersAsync(identity));
    }

    [Fact]
    public async Task EnsureAsync_ConfiguredPasswordTooShort_ThrowsNamingTheSetting()
    {
        await using var identity = await CreateAsync(Email, "short pw");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => BootstrapAdmin.EnsureAsync(identity.Provider, Ct));

        Assert.Contains("Bootstrap:AdminPassword", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountUsersAsync(identity));
    }

    [Fact]
    public async Task EnsureAsync_Always_CreatesTheThreeRoles()
    {
        await using var identity = await CreateAsync(Email, Password);

        await BootstrapAdmin.EnsureAsync(identity.Provider, Ct);
        await BootstrapAdmin.EnsureAsync(identity.Provider, Ct);

        await using var db = await identity.CreateDbContextAsync(Ct);
        var roles = await db.Roles.Select(r => r.Name).OrderBy(n => n).ToListAsync(Ct);
        Assert.Equal(["Admin", "Manager", "Staff"], roles);
    }

    [Fact]
    public void GeneratePassword_TwoCalls_DifferAndAreTwentyUnambiguousCharacters()
    {
        var first = BootstrapAdmin.GeneratePassword();
        var second = BootstrapAdmin.GeneratePassword();

        Assert.NotEqual(first, second);
        Assert.Equal(20, first.Length);
        Assert.Equal(20, second.Length);
        Assert.All(first + second, c => Assert.True(char.IsAsciiLetterOrDigit(c) && !"0O1lI".Contains(c, StringComparison.Ordinal), $"'{c}'"));
    }
}
