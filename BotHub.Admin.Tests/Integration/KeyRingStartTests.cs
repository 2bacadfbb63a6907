using System.Diagnostics;
using BotHub.Admin.Data;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Integration;

/// <summary>
/// The built app as its own process in Production: without a usable key ring certificate it refuses to start, before
/// it writes anything, with a message that names the setting at fault; with one it starts.
/// </summary>
public sealed class KeyRingStartTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bothub-keyring-start-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string[]> Refusals => new()
    {
        { "none", [KeyRingProtection.PathKey, KeyRingProtection.PasswordKey, "DataProtection__CertificatePath", "openssl req -x509 -newkey rsa:3072"] },
        { "missing file", [KeyRingProtection.PathKey, "no file at", "openssl req -x509"] },
        { "wrong password", [KeyRingProtection.PathKey, "cannot be opened with " + KeyRingProtection.PasswordKey] },
        { "inside the data folder", [KeyRingProtection.PathKey, "inside the data folder"] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Production_WithoutAUsableCertificate_RefusesToStart_NamingTheSetting(string certificate, string[] said)
    {
        var data = Path.Combine(_root, "data");
        var environment = Environment(data);
        switch (certificate)
        {
            case "missing file":
                environment["DataProtection__CertificatePath"] = Path.Combine(_root, "nothing-here.pfx");
                environment["DataProtection__CertificatePassword"] = TestCertificate.Password;
                break;
            case "wrong password":
                environment["DataProtection__CertificatePath"] = TestCertificate.Create(_root);
                environment["DataProtection__CertificatePassword"] = "not the password";
                break;
            case "inside the data folder":
                environment["DataProtection__CertificatePath"] = TestCertificate.Create(Directory.CreateDirectory(data).FullName);
                environment["DataProtection__CertificatePassword"] = TestCertificate.Password;
                break;
        }

        using var app = new AppProcess(environment);
        app.Start();
        var output = await EndedAsync(app);

        Assert.All(said, s => Assert.Contains(s, output, StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(data, "bothub.db")), "the app wrote its database before refusing");
        Assert.False(Directory.Exists(Path.Combine(data, "keys")), "the app made its key folder before refusing");
    }

    [Fact]
    public async Task Production_WithACertificate_Starts()
    {
        var environment = Environment(Path.Combine(_root, "data"));
        environment["DataProtection__CertificatePath"] = TestCertificate.Create(_root);
        environment["DataProtection__CertificatePassword"] = TestCertificate.Password;

        using var app = new AppProcess(environment);
        app.Start();

        await app.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(60), Ct);
        Assert.DoesNotContain("is not encrypted", app.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Environment(string data) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(data, "bothub.db")}",
        ["Bootstrap__AdminEmail"] = TestApp.AdminEmail,
        ["Bootstrap__AdminPassword"] = TestApp.AdminPassword,
        ["Bsp__Sandbox__Port"] = "0",
        ["Demo__Seed"] = "false",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
    };

    /// <summary>Waits (30 s at most) until the process ended and its output is in; returns that output.</summary>
    private static async Task<string> EndedAsync(AppProcess app)
    {
        var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (!app.Output.Contains("process exited", StringComparison.Ordinal))
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"The app still runs after 30 s. Its output:\n{app.Output}");
            await Task.Delay(50, Ct);
        }

        // The exit can be seen before the last lines of output are read.
        await Task.Delay(500, Ct);
        return app.Output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
