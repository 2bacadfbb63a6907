using BotHub.Admin.Features.Provider;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Tests.Unit.Provider;

/// <summary>In Live mode the API key goes with every request: the provider's address must be https (loopback excepted, for tests).</summary>
public sealed class BspBaseUrlTests
{
    private static List<string> Errors(BspMode mode, string? baseUrl) =>
        new BspOptionsValidator().Validate(null, new BspOptions { Mode = mode, BaseUrl = baseUrl }).Failures?.ToList() ?? [];

    [Theory]
    [InlineData("http://api.provider.example/")]
    [InlineData("http://10.0.0.8:8080/")]
    public void Live_RefusesPlainHttp_NamingTheKey(string url)
    {
        var error = Assert.Single(Errors(BspMode.Live, url));
        Assert.StartsWith($"Bsp:BaseUrl '{url}' must start with https://", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.provider.example/")]
    [InlineData("http://127.0.0.1:9/")]
    [InlineData("http://localhost:5180/")]
    [InlineData("http://[::1]:5180/")]
    public void Live_TakesHttps_OrALoopbackHost(string url) => Assert.Empty(Errors(BspMode.Live, url));

    [Fact]
    public void Sandbox_IsNotConcerned() => Assert.Empty(Errors(BspMode.Sandbox, "http://api.provider.example/"));

    [Fact]
    public void TheAppRefusesToStart_WithPlainHttpInLiveMode()
    {
        var e = Assert.Throws<OptionsValidationException>(() => new PlainHttpProviderApp().Dispose());
        Assert.Contains("Bsp:BaseUrl 'http://api.provider.example/' must start with https://", e.Message, StringComparison.Ordinal);
    }

    private sealed class PlainHttpProviderApp : TestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Bsp:Mode"] = "Live";
                s["Bsp:BaseUrl"] = "http://api.provider.example/";
                return s;
            }
        }
    }
}
