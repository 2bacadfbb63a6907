using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(BotHub.Admin.Tests.Infrastructure.BrowserFixture))]

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>One headless Debian Chromium for the whole test run; each test opens its own context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing. Install Debian's Chromium: apt-get install -y chromium (.ci/run does this).");
        }

        // Shared machines are slow at times; a web-first assertion may wait this long before it fails.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (cookies, storage) on the app, at desktop or phone width, in a time zone if one is given.</summary>
    public async Task<IPage> NewPageAsync(TestApp app, bool phone = false, string? locale = null, string? timezoneId = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 900 },
            Locale = locale ?? "en-US",
            TimezoneId = timezoneId,
        });
        context.SetDefaultTimeout(20_000);
        app.CloseBeforeStopping(context);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
