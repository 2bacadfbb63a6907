using BotHub.Admin.Components.Account.TwoFactor;
using Microsoft.Extensions.Configuration;

namespace BotHub.Admin.Tests.Unit.Account;

/// <summary>Auth:RequireMfaFor: absent, empty, a list, a comma-separated value, a wrong name.</summary>
public sealed class TwoFactorRolesTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => s.Value)).Build();

    private static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();

    [Fact]
    public void Absent_IsAdminInProduction_AndNoneInDevelopment()
    {
        var config = Config(("Auth:LockoutMinutes", "15"));

        Assert.Equal(["Admin"], TwoFactorRoles.FromConfiguration(config, isDevelopment: false));
        Assert.Empty(TwoFactorRoles.FromConfiguration(config, isDevelopment: true));
    }

    [Fact]
    public void EmptyValue_TurnsTheRequirementOff_InProductionToo()
    {
        Assert.Empty(TwoFactorRoles.FromConfiguration(Config(("Auth:RequireMfaFor", "")), isDevelopment: false));
        Assert.Empty(TwoFactorRoles.FromConfiguration(Json("""{ "Auth": { "RequireMfaFor": [] } }"""), isDevelopment: false));
    }

    [Fact]
    public void ListOrCommaSeparated_NamesTheRoles_InAnyCase()
    {
        Assert.Equal(["Admin", "Manager"], TwoFactorRoles.FromConfiguration(Config(("Auth:RequireMfaFor", "admin, Manager")), false));
        Assert.Equal(["Staff", "Admin"], TwoFactorRoles.FromConfiguration(Json("""{ "Auth": { "RequireMfaFor": ["Staff", "Admin"] } }"""), true));
        Assert.Equal(["Manager"], TwoFactorRoles.FromConfiguration(Config(("Auth:RequireMfaFor:0", "Manager")), false));
    }

    [Fact]
    public void UnknownRole_StopsTheAppWithAMessageNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            TwoFactorRoles.FromConfiguration(Config(("Auth:RequireMfaFor", "Admin,Owner")), false));
        Assert.Contains("Auth:RequireMfaFor", error.Message, StringComparison.Ordinal);
        Assert.Contains("Owner", error.Message, StringComparison.Ordinal);
    }
}
