using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>What a person does on the composer (/compose) and a broadcast's page, by labels and roles.</summary>
public static partial class ComposeSteps
{
    /// <summary>Opens the composer and waits until the circuit is up and the first figures are in (so a channel is chosen).</summary>
    public static async Task OpenComposerAsync(this IPage page, string path = "/compose")
    {
        await page.OpenAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compose", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Figure("Selected")).ToBeVisibleAsync();
    }

    public static Task ChooseTypeAsync(this IPage page, string type) =>
        page.GetByRole(AriaRole.Radio, new() { Name = type, Exact = true }).CheckAsync();

    // A click that lands while the page re-renders its figures can be lost: click again (selecting a tab twice is harmless).
    public static async Task PickRecipientsByAsync(this IPage page, string tab)
    {
        var locator = page.GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true });
        for (var attempt = 1; attempt < 3; attempt++)
        {
            await locator.ClickAsync();
            try
            {
                await Expect(locator).ToHaveAttributeAsync("aria-selected", "true", new() { Timeout = 3_000 });
                return;
            }
            catch (PlaywrightException)
            {
                // Lost click: try once more.
            }
        }

        await locator.ClickAsync();
        await Expect(locator).ToHaveAttributeAsync("aria-selected", "true");
    }

    public static async Task PasteNumbersAsync(this IPage page, params string[] lines)
    {
        await page.PickRecipientsByAsync("Paste numbers");
        await page.GetByLabel("Phone numbers").FillAsync(string.Join('\n', lines));
    }

    /// <summary>Picks options of a MudSelect (one, or several for a multiple select) and closes its list.</summary>
    public static async Task SelectAsync(this IPage page, string label, params string[] options)
    {
        await page.Select(label).ClickAsync();
        foreach (var option in options)
        {
            await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        }

        // A single choice closes the list by itself; Escape is only for a list that stays open (several choices). Pressed
        // while a list is still closing, Escape would reach the dialog around it and close that too.
        var list = page.GetByRole(AriaRole.Listbox);
        if (options.Length == 1)
        {
            try
            {
                await Expect(list).ToBeHiddenAsync(new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException)
            {
            }
        }

        if (await list.IsVisibleAsync())
        {
            await page.Keyboard.PressAsync("Escape");
        }
    }

    /// <summary>A MudSelect by its label; once chosen, its text is the chosen option(s).</summary>
    public static ILocator Select(this IPage page, string label) => page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });

    /// <summary>What a MudSelect shows as chosen (an empty select is an input, a chosen one a text: its accessible value covers both).</summary>
    public static Task ExpectSelectedAsync(this IPage page, string label, string text) =>
        Expect(page.Select(label)).ToMatchAriaSnapshotAsync($"- combobox \"{label}\": {text}");

    /// <summary>One of the picker's labelled counts ("Selected", "Eligible now", "Excluded now").</summary>
    public static ILocator Figure(this IPage page, string label) => page.GetByRole(AriaRole.Group, new() { Name = label, Exact = true });

    public static Task ExpectFigureAsync(this IPage page, string label, int value) =>
        Expect(page.Figure(label)).ToHaveTextAsync(new Regex($@"^\s*{Regex.Escape(label)}\s*{value.ToString("N0", CultureInfo.InvariantCulture)}\s*$"));

    /// <summary>The rows of an "Excluded, by reason" table, without its header.</summary>
    public static ILocator ExclusionRows(this IPage page) =>
        page.GetByLabel("Excluded, by reason", new() { Exact = true }).GetByRole(AriaRole.Row).Filter(new() { HasNot = page.GetByRole(AriaRole.Columnheader) });

    public static async Task ExpectExclusionsAsync(this IPage page, params (string Reason, int Count)[] rows)
    {
        await Expect(page.ExclusionRows()).ToHaveCountAsync(rows.Length);
        foreach (var (reason, count) in rows)
        {
            await Expect(page.ExclusionRows().Filter(new() { HasText = reason })).ToHaveTextAsync(new Regex($@"^\s*{Regex.Escape(reason)}\s*{count}\s*$"));
        }
    }

    /// <summary>The text in the preview's bubble, as the sample recipient would get it.</summary>
    public static ILocator PreviewText(this IPage page) =>
        page.GetByRole(AriaRole.Figure, new() { Name = "Preview" }).GetByTestId("preview-text");

    public static ILocator SendButton(this IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Send…" });

    /// <summary>Sends (once "Send…" is enabled), confirms "Send now", and returns the new broadcast's id from its page's address.</summary>
    public static async Task<int> SendAndConfirmAsync(this IPage page, string recipientsLine)
    {
        await Expect(page.GetByTestId("send-blocker")).ToBeHiddenAsync(); // when it fails, its text says why "Send…" is disabled
        await Expect(page.SendButton()).ToBeEnabledAsync();
        await page.SendButton().ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Send this broadcast?" });
        await Expect(dialog.GetByRole(AriaRole.Row).Filter(new() { HasText = "Recipients" })).ToContainTextAsync(recipientsLine);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        await page.WaitForURLAsync(BroadcastUrl(), new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex(@"^Broadcast #\d+$"));
        return int.Parse(BroadcastUrl().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>A row of a broadcast's "Deliveries" grid, by phone (or the entry as pasted).</summary>
    public static ILocator DeliveryRow(this IPage page, string phone) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = phone, Exact = true }) });

    [GeneratedRegex(@"/broadcasts/(\d+)$")]
    public static partial Regex BroadcastUrl();
}
