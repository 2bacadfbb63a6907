using System.Net;
using System.Text.RegularExpressions;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration.Account;

/// <summary>Sign-in answers tell nothing about an account to someone without its password.</summary>
public sealed partial class QuietSignInTests(SignInTestApp app) : IClassFixture<SignInTestApp>
{
    private const string Wrong = "Wrong email or password.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> AnswerAsync(string address, string email, string password)
    {
        using var client = app.NewClient(address);
        var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync(Ct);
        var alert = AlertText().Match(page);
        Assert.True(alert.Success, "no alert on the page");
        return WebUtility.HtmlDecode(alert.Groups[1].Value).Trim();
    }

    [GeneratedRegex("class=\"mud-alert-message\">([^<]*)<")]
    private static partial Regex AlertText();

    private async Task ChangeAsync(string email, Func<UserManager<AppUser>, AppUser, Task<IdentityResult>> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True((await change(users, user)).Succeeded);
    }

    [Fact]
    public async Task LockedAccount_WrongPassword_AnswersLikeAWrongPassword_OnlyTheRightOneHearsLocked()
    {
        await app.CreateUserAsync("locked.quiet@test.local", "the right passphrase");
        await ChangeAsync("locked.quiet@test.local", (u, user) => u.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15)));

        var wrong = await AnswerAsync("192.0.2.1", "locked.quiet@test.local", "a wrong passphrase");
        var unknown = await AnswerAsync("192.0.2.2", "nobody.quiet@test.local", "a wrong passphrase");
        var right = await AnswerAsync("192.0.2.3", "locked.quiet@test.local", "the right passphrase");

        Assert.Equal(Wrong, wrong);
        Assert.Equal(Wrong, unknown);
        Assert.StartsWith("This account is locked", right, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledAccount_WrongPassword_AnswersLikeAWrongPassword_OnlyTheRightOneHearsDisabled()
    {
        await app.CreateUserAsync("disabled.quiet@test.local", "the right passphrase");
        await ChangeAsync("disabled.quiet@test.local", (u, user) =>
        {
            user.IsDisabled = true;
            return u.UpdateAsync(user);
        });

        var wrong = await AnswerAsync("192.0.2.11", "disabled.quiet@test.local", "a wrong passphrase");
        var right = await AnswerAsync("192.0.2.12", "disabled.quiet@test.local", "the right passphrase");

        Assert.Equal(Wrong, wrong);
        Assert.StartsWith("This account is disabled", right, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWrongPasswordThatLocksTheAccount_AnswersLikeAnyWrongPassword_AndTheLogSaysLocked()
    {
        await app.CreateUserAsync("fifth.quiet@test.local", "the right passphrase");
        var answers = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            answers.Add(await AnswerAsync($"192.0.2.{20 + i}", "fifth.quiet@test.local", $"wrong {i}"));
        }

        Assert.All(answers, a => Assert.Equal(Wrong, a));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        var kinds = await db.AuditEntries.Where(e => e.ActorName == "fifth.quiet@test.local").OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync(Ct);
        Assert.Equal([AuditKind.SignInFailed, AuditKind.SignInFailed, AuditKind.SignInFailed, AuditKind.SignInFailed, AuditKind.LockedOut], kinds);
    }
}
