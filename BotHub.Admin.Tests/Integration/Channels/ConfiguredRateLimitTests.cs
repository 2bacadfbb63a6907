using BotHub.Admin.Data;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Integration.Channels;

/// <summary>The real app in Live mode with a channel declared in configuration: a rate or burst over the provider's 20 stops it at start.</summary>
public sealed class ConfiguredRateLimitTests
{
    [Theory]
    [InlineData("Bsp:Channels:0:RatePerSecond")]
    [InlineData("Bsp:Channels:0:Burst")]
    public void Live_ConfiguredChannelAbove20_StopsTheAppAtStart_NamingTheKey(string key)
    {
        // The app never starts, so nothing disposes it: its database goes in a folder this test deletes.
        var folder = Directory.CreateTempSubdirectory("bothub-rate-").FullName;
        Exception error;
        try
        {
            error = Assert.ThrowsAny<Exception>(() => new App(new()
            {
                [key] = "21", ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "bothub.db")};Pooling=False",
            }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var invalid = Assert.IsType<OptionsValidationException>(Innermost(error));
        Assert.Contains($"{key} is 21: at most 20 in Live mode, the provider's limit per channel", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("Bsp:AllowRateAboveProvider", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_ConfiguredChannelAbove20_WithAllowRateAboveProvider_Starts()
    {
        await using var app = new App(new()
        {
            ["Bsp:Channels:0:RatePerSecond"] = "100", ["Bsp:Channels:0:Burst"] = "100", ["Bsp:AllowRateAboveProvider"] = "true",
        });

        var ct = Xunit.TestContext.Current.CancellationToken;
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.BotPhone == ChannelTestApp.BotPhone, ct);

        Assert.Equal((100, 100), (channel.RatePerSecond, channel.Burst));
    }

    private static Exception Innermost(Exception e)
    {
        while (e is not OptionsValidationException && e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }

    private sealed class App(Dictionary<string, string?> more) : ChannelTestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Logging:LogLevel:Default"] = "Warning";
                foreach (var (key, value) in more)
                {
                    s[key] = value;
                }

                return s;
            }
        }
    }
}
