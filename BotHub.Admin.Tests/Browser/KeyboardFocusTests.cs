using System.Text.Json;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

/// <summary>
/// Keyboard alone: every control Tab reaches shows a focus ring of at least 2 px (WCAG 2.2, focus visible and focus
/// appearance); the main navigation and a dialog work without a mouse, and Escape closes the dialog.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardFocusTests(BrowserFixture browser, AccessibilityTests.App app) : IClassFixture<AccessibilityTests.App>
{
    /// <summary>
    /// The focused element's ring: its own outline or box-shadow, or (a check box, radio or switch hides its input) the
    /// visible control around it. Null when nothing but the page has focus.
    /// </summary>
    private const string FocusRing = """
        () => {
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            const ring = el => {
                const s = getComputedStyle(el);
                const outline = s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0;
                const shadow = s.boxShadow !== 'none' ? Math.max(0, ...[...s.boxShadow.matchAll(/(-?[\d.]+)px\)?(?=,|$)/g)].map(m => parseFloat(m[1]))) : 0;
                return Math.max(outline, shadow);
            };
            const hidden = e.tagName === 'INPUT' && (e.type === 'checkbox' || e.type === 'radio') && e.parentElement;
            const width = Math.max(ring(e), hidden ? ring(e.parentElement) : 0);
            const name = e.getAttribute('aria-label') || (e.innerText || e.value || e.placeholder || '').trim().slice(0, 40);
            return { width, what: `${e.tagName.toLowerCase()}${e.type ? '[' + e.type + ']' : ''} "${name}"`, id: e.outerHTML.slice(0, 120) };
        }
        """;

    [Theory]
    [InlineData("/compose", false)]
    [InlineData("/users", false)]
    [InlineData("/broadcasts", true)]
    public async Task EveryControlTabReaches_ShowsAFocusRingOfAtLeastTwoPixels(string path, bool phone)
    {
        await app.SeedOnceAsync();
        var page = await browser.NewPageAsync(app, phone);
        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);
        await page.OpenAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        var seen = new List<string>();
        var failures = new List<string>();
        string? first = null;
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<JsonElement?>(FocusRing);
            if (focused is not { ValueKind: JsonValueKind.Object } f)
            {
                continue;
            }

            var id = f.GetProperty("id").GetString()!;
            if (id == first)
            {
                break; // round the page once
            }

            first ??= id;
            var what = f.GetProperty("what").GetString()!;
            var width = f.GetProperty("width").GetDouble();
            seen.Add($"{what} {width}px");
            if (width < 2)
            {
                failures.Add($"{what}: {width}px ({id})");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{path}: {seen.Count} stops\n" + string.Join('\n', seen));
        Assert.True(seen.Count >= 8, $"Tab reached only {seen.Count} controls on {path}: " + string.Join(", ", seen));
        Assert.True(failures.Count == 0, "Focused without a visible ring:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task KeyboardAlone_UsesTheNavigation_OpensADialog_AndClosesItWithEscape()
    {
        await app.SeedOnceAsync();
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(TestApp.AdminEmail, TestApp.AdminPassword);

        // The main navigation: Tab to "Users", Enter opens it.
        await TabToAsync(page, page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();

        // A dialog: Tab to "New user", Enter opens it with focus inside, Escape closes it.
        var newUser = page.GetByRole(AriaRole.Button, new() { Name = "New user" });
        await TabToAsync(page, newUser);
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New user" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);

        // The account menu opens from the keyboard too, and Escape closes it.
        var account = page.GetByRole(AriaRole.Button, new() { Name = "Account" });
        await TabToAsync(page, account);
        await page.Keyboard.PressAsync("Enter");
        var sessions = page.GetByRole(AriaRole.Menuitem, new() { Name = "Sessions" });
        await Expect(sessions).ToBeVisibleAsync();
        // Escape goes to the focused element: wait until the open menu holds the focus (a loaded machine may lag).
        await Expect(page.GetByRole(AriaRole.Menu).Locator(":focus")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Expect(sessions).ToBeHiddenAsync();
    }

    /// <summary>Presses Tab until the control has focus (and fails when 80 presses do not get there).</summary>
    private static async Task TabToAsync(IPage page, ILocator control)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await control.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {control}.");
    }
}
