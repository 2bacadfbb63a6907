using BotHub.Admin.Data;
using BotHub.Admin.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Tests.Unit.Users;

/// <summary>The password rules as the app's real UserManager applies them (OWASP ASVS 5: length, not composition).</summary>
public sealed class PasswordRulesTests : IAsyncLifetime
{
    private IdentityServices _identity = null!;
    private AsyncServiceScope _scope;
    private UserManager<AppUser> _users = null!;

    public async ValueTask InitializeAsync()
    {
        _identity = await IdentityServices.CreateAsync(ct: TestContext.Current.CancellationToken);
        _scope = _identity.CreateScope();
        try
        {
            _users = _scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        }
        catch
        {
            // xunit does not call DisposeAsync when InitializeAsync fails: do not leave the database file behind.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _identity.DisposeAsync();
    }

    private static AppUser NewUser(string email = "sam.lee@example.com") =>
        new() { UserName = email, Email = email, EmailConfirmed = true };

    /// <summary>Creates a user with this password; returns the error codes (empty when it was accepted).</summary>
    private async Task<List<string>> CreateAsync(string password, string email = "sam.lee@example.com")
    {
        var result = await _users.CreateAsync(NewUser(email), password);
        var stored = await _users.FindByEmailAsync(email);
        Assert.Equal(result.Succeeded, stored is not null);
        return result.Errors.Select(e => e.Code).ToList();
    }

    /// <summary>Runs every password validator the app registers, without saving a user.</summary>
    private async Task<List<string>> ValidateAsync(string password, string email = "sam.lee@example.com")
    {
        var codes = new List<string>();
        Assert.NotEmpty(_users.PasswordValidators);
        foreach (var validator in _users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(_users, NewUser(email), password);
            codes.AddRange(result.Errors.Select(e => e.Code));
        }

        return codes;
    }

    private static string OfLength(int length) =>
        string.Concat(Enumerable.Repeat("quiet river stone ", 10))[..length];

    [Fact]
    public async Task Create_ElevenCharacters_RefusedAsTooShort()
    {
        var password = "kitchenlamp";
        Assert.Equal(11, password.Length);

        var codes = await CreateAsync(password);

        Assert.Contains("PasswordTooShort", codes);
    }

    [Fact]
    public async Task Create_TwelveLowercaseLetters_Accepted()
    {
        var password = "quietorchard";
        Assert.Equal(PasswordRules.MinLength, password.Length);

        Assert.Empty(await CreateAsync(password));
        Assert.Empty(await ValidateAsync(password));
    }

    [Fact]
    public async Task Create_129Characters_RefusedAsTooLong()
    {
        var codes = await CreateAsync(OfLength(129));

        Assert.Equal(["PasswordTooLong"], codes);
    }

    [Fact]
    public async Task Create_128Characters_Accepted()
    {
        Assert.Empty(await CreateAsync(OfLength(PasswordRules.MaxLength)));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("Password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData(" password1234 ")]
    [InlineData("correcthorsebatterystaple")]
    public async Task Create_CommonPassword_RefusedAsCommon(string password)
    {
        Assert.Equal(["PasswordCommon"], await CreateAsync(password));
        Assert.Equal(["PasswordCommon"], await ValidateAsync(password));
    }

    [Theory]
    [InlineData("春眠不觉晓 处处闻啼鸟 夜来风雨声")]
    [InlineData("my cat sleeps on the warm piano")]
    public async Task Create_PassphraseWithSpacesOrChinese_Accepted(string password)
    {
        Assert.True(password.Length >= PasswordRules.MinLength);

        Assert.Empty(await CreateAsync(password));
        var user = await _users.FindByEmailAsync("sam.lee@example.com");
        Assert.True(await _users.CheckPasswordAsync(user!, password));
    }

    [Theory]
    [InlineData("sam.lee@example.com")]
    [InlineData("SAM.LEE@example.com")]
    public async Task Create_PasswordIsTheEmail_RefusedAsIsEmail(string password)
    {
        Assert.Equal(["PasswordIsEmail"], await CreateAsync(password, email: "sam.lee@example.com"));
    }

    [Fact]
    public void IdentityOptions_FromDefaults_LockOutAfterFiveFailuresForFifteenMinutes()
    {
        var options = _identity.Get<IOptions<IdentityOptions>>().Value;

        Assert.Equal(5, options.Lockout.MaxFailedAccessAttempts);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Lockout.DefaultLockoutTimeSpan);
        Assert.True(options.Lockout.AllowedForNewUsers);
        Assert.Equal(PasswordRules.MinLength, options.Password.RequiredLength);
        Assert.False(options.Password.RequireDigit || options.Password.RequireUppercase
            || options.Password.RequireLowercase || options.Password.RequireNonAlphanumeric);
    }

    [Fact]
    public async Task IdentityOptions_FromAuthSettings_FollowConfiguration()
    {
        await using var identity = await IdentityServices.CreateAsync(new Dictionary<string, string?>
        {
            ["Auth:MaxFailedAttempts"] = "3",
            ["Auth:LockoutMinutes"] = "60",
        }, ct: TestContext.Current.CancellationToken);

        var options = identity.Get<IOptions<IdentityOptions>>().Value;

        Assert.Equal(3, options.Lockout.MaxFailedAccessAttempts);
        Assert.Equal(TimeSpan.FromMinutes(60), options.Lockout.DefaultLockoutTimeSpan);
    }

    [Fact]
    public async Task AccessFailed_FifthTime_LocksOutForFifteenMinutes()
    {
        Assert.Empty(await CreateAsync("quiet orchard path"));
        var user = (await _users.FindByEmailAsync("sam.lee@example.com"))!;

        for (var i = 0; i < 4; i++)
        {
            await _users.AccessFailedAsync(user);
        }

        Assert.False(await _users.IsLockedOutAsync(user));

        var before = DateTimeOffset.UtcNow;
        await _users.AccessFailedAsync(user);

        Assert.True(await _users.IsLockedOutAsync(user));
        var end = await _users.GetLockoutEndDateAsync(user);
        Assert.NotNull(end);
        Assert.InRange(end.Value - before, TimeSpan.FromMinutes(14.9), TimeSpan.FromMinutes(15.1));
    }
}
