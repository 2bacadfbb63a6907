using System.Text;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BotHub.Admin.Tests.Browser;

/// <summary>A staff member imports a CSV with good and bad rows, reads the rejects, filters, tags and exports.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RecipientsImportTests(BrowserFixture browser, TestApp app) : IClassFixture<TestApp>
{
    private const string Email = "importer@test.local";
    private const string Password = "importer passphrase";

    private const string Csv = "\uFEFFphone;name;tags;opt_in;city\n"
        + "+86 138 0013 8001;Li Wei;vip|spring;yes;Beijing\n"
        + "0086 138 0013 8002;Wang Fang;spring;yes;Shanghai\n"
        + ";No Phone;;yes;Nowhere\n"
        + "+86 138;Too Short;;yes;Hangzhou\n"
        + "+86 138 0013 8003;Chen Lei;;maybe;Shenzhen\n"
        + "+86 138 0013 8004;Zhang Min;vip;no;Beijing\n"
        + "+86 138 0013 8001;Li Wei;newsletter;yes;Beijing\n";

    [Fact]
    public async Task ImportWithBadRows_ShowsRejects_ThenSearchFilterTagAndExportTheFilter()
    {
        await app.CreateUserAsync(Email, Password);
        var page = await browser.NewPageAsync(app);
        await page.SignInAndWaitAsync(Email, Password);
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Recipients" }).ClickAsync();
        await Expect(page.GetByText("No recipients yet")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Import CSV" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var chooser = await page.RunAndWaitForFileChooserAsync(() => dialog.GetByRole(AriaRole.Button, new() { Name = "Choose a CSV file" }).ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "contacts.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Csv) });

        await Expect(dialog.GetByText("contacts.csv, cells separated by semicolons")).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Row).Filter(new() { HasText = "city" })).ToContainTextAsync("Attribute");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Status)).ToHaveTextAsync("The import is complete.");
        var counts = dialog.GetByRole(AriaRole.Row);
        await Expect(counts.Filter(new() { HasText = "New recipients" })).ToContainTextAsync("3");
        await Expect(counts.Filter(new() { HasText = "Rejected" }).First).ToContainTextAsync("3");
        var rejects = dialog.GetByRole(AriaRole.Region, new() { Name = "Rejected rows" });
        await Expect(rejects.GetByRole(AriaRole.Row).Filter(new() { HasText = "No phone number" })).ToContainTextAsync("4");
        await Expect(rejects.GetByRole(AriaRole.Row).Filter(new() { HasText = "Not a phone number: too few digits" })).ToContainTextAsync("5");
        await Expect(rejects.GetByRole(AriaRole.Row).Filter(new() { HasText = "Opt-in “maybe”" })).ToContainTextAsync("6");

        var rejectsDownload = await page.RunAndWaitForDownloadAsync(() =>
            dialog.GetByRole(AriaRole.Link, new() { Name = "Download the 3 rejected rows (CSV)" }).ClickAsync());
        var rejectsCsv = await File.ReadAllTextAsync((await rejectsDownload.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Contains("Not a phone number: too few digits", rejectsCsv, StringComparison.Ordinal);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        // The grid now holds the three good people; the repeated row merged its tags into Li Wei.
        var grid = page.GetByRole(AriaRole.Table).Last;
        await Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = "Li Wei" })).ToContainTextAsync("newsletter");
        await Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = "Wang Fang" })).ToContainTextAsync("+8613800138002");

        await page.GetByLabel("Search phone or name").FillAsync("Zhang");
        await Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = "+86138" })).ToHaveCountAsync(1);
        await page.GetByLabel("Search phone or name").FillAsync("");
        await Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = "+86138" })).ToHaveCountAsync(3);

        // Filter by tag, then tag everyone the filter matches; the export follows the filter.
        await page.GetByLabel("Tag", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "spring" }).ClickAsync();
        await Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = "+86138" })).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Actions" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Add tag" }).ClickAsync();
        var tagDialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add a tag to 2 recipients" });
        await tagDialog.GetByLabel("Tag").FillAsync("imported");
        await tagDialog.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.GetByText("Tag “imported” added to 2 recipients.")).ToBeVisibleAsync();

        var export = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        var exported = await File.ReadAllTextAsync((await export.PathAsync())!, TestContext.Current.CancellationToken);
        var lines = exported.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("phone,name,tags,opt_in,attr:city", lines[0].TrimEnd('\r'));
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("+8613800138001,Li Wei,imported|newsletter|spring|vip,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("+8613800138002,Wang Fang,imported|spring,", StringComparison.Ordinal));
    }
}
