using System.Security.Claims;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Sessions;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Integration.Users;

/// <summary>The Users page's operations on the running app: deleting a user, the last sign-in it lists, a taken email.</summary>
public sealed class UserDeletionTests(TestApp app) : IClassFixture<TestApp>
{
    private const string Password = "deletion test passphrase";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deleting_EndsTheirSessions_IsAudited_AndKeepsWhatTheyDid()
    {
        const string email = "to.delete@test.local";
        var user = await app.CreateUserAsync(email, Password, Roles.Staff);
        using var browser = new HttpBrowser(app.BaseUrl);
        await browser.SignInAsync(email, Password);
        Assert.True(await browser.IsSignedInAsync());
        int broadcastId;
        await using (var db = await DbAsync())
        {
            var broadcast = await db.AddBroadcastAsync(await db.AddChannelAsync("Deletion"), BroadcastState.Completed, DateTime.UtcNow, "Made by them");
            broadcast.CreatedById = user.Id;
            broadcast.CreatedByName = email;
            await db.SaveChangesAsync(Ct);
            broadcastId = broadcast.Id;
        }

        var result = await AsAsync(TestApp.AdminEmail, admin => admin.DeleteAsync(user.Id));

        Assert.True(result.Ok, result.Error);
        Assert.False(await browser.IsSignedInAsync());
        await using var read = await DbAsync();
        Assert.False(await read.Users.AnyAsync(u => u.Id == user.Id, Ct));
        Assert.All(await read.Set<UserSession>().Where(s => s.UserId == user.Id).ToListAsync(Ct), s => Assert.Equal(SessionEnd.UserDeleted, s.EndReason));
        Assert.Equal(email, (await read.Broadcasts.SingleAsync(b => b.Id == broadcastId, Ct)).CreatedByName);
        Assert.Single(await read.AuditEntries.Where(a => a.Kind == AuditKind.SignIn && a.ActorId == user.Id && a.ActorName == email).ToListAsync(Ct));
        var deleted = await read.AuditEntries.SingleAsync(a => a.Kind == AuditKind.UserDeleted && a.Subject == email, Ct);
        Assert.Equal(TestApp.AdminEmail, deleted.ActorName);
        Assert.Equal("sessions ended: 1", deleted.Details);
        Assert.DoesNotContain(await ListAsync(), r => r.Email == email);
    }

    [Fact]
    public async Task AnAdmin_CannotDeleteThemselves()
    {
        var admin = await FindAsync(TestApp.AdminEmail);

        var result = await AsAsync(TestApp.AdminEmail, users => users.DeleteAsync(admin.Id));

        Assert.False(result.Ok);
        Assert.Equal("You cannot delete your own account.", result.Error);
        Assert.Contains(await ListAsync(), r => r.Email == TestApp.AdminEmail);
    }

    [Fact]
    public async Task TheLastActiveAdmin_CannotBeDeleted()
    {
        await app.CreateUserAsync("deleting.manager@test.local", Password, Roles.Manager);
        var admin = await FindAsync(TestApp.AdminEmail);

        // The service refuses whoever asks: an admin (here a manager, as the page would never let one) keeps the console run.
        var result = await AsAsync("deleting.manager@test.local", users => users.DeleteAsync(admin.Id));

        Assert.False(result.Ok);
        Assert.Equal("This is the last active administrator: keep at least one.", result.Error);
        Assert.Contains(await ListAsync(), r => r.Email == TestApp.AdminEmail);
    }

    [Fact]
    public async Task AnotherAdmin_CanBeDeleted_WhileOneStays()
    {
        var other = await app.CreateUserAsync("second.admin@test.local", Password, Roles.Admin);

        var result = await AsAsync(TestApp.AdminEmail, users => users.DeleteAsync(other.Id));

        Assert.True(result.Ok, result.Error);
        Assert.DoesNotContain(await ListAsync(), r => r.Email == "second.admin@test.local");
    }

    [Fact]
    public async Task TheList_ShowsEachUsersLastSignIn_OrNone()
    {
        await app.CreateUserAsync("signs.in@test.local", Password, Roles.Staff);
        await app.CreateUserAsync("never.signs.in@test.local", Password, Roles.Staff);
        using var browser = new HttpBrowser(app.BaseUrl);
        var before = DateTime.UtcNow.AddSeconds(-1);
        await browser.SignInAsync("signs.in@test.local", Password);
        await browser.SignInAsync("signs.in@test.local", Password);

        var rows = await ListAsync();

        Assert.InRange(rows.Single(r => r.Email == "signs.in@test.local").LastSignInUtc!.Value, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Null(rows.Single(r => r.Email == "never.signs.in@test.local").LastSignInUtc);
    }

    [Fact]
    public async Task CreatingAUser_WhoseEmailIsTaken_SaysSoOnce()
    {
        await app.CreateUserAsync("taken@test.local", Password, Roles.Staff);

        var result = await AsAsync(TestApp.AdminEmail, users => users.CreateAsync("taken@test.local", [Roles.Staff], null));

        Assert.False(result.Ok);
        Assert.Equal("The email 'taken@test.local' is already used by another user.", result.Error);
    }

    private async Task<IReadOnlyList<UserRow>> ListAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserAdmin>().ListAsync(Ct);
    }

    private async Task<AppUser> FindAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
    }

    /// <summary>Runs a Users page operation as the given user would, in a scope of the running app.</summary>
    private async Task<UserAdminResult> AsAsync(string email, Func<UserAdmin, Task<UserAdminResult>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var actor = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, actor!.Id), new Claim(ClaimTypes.Name, email)], "Test"));
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return await action(scope.ServiceProvider.GetRequiredService<UserAdmin>());
    }

    private async Task<AppDbContext> DbAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
}
