using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Recipients.Csv;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Recipients;

/// <summary>The import dialog on the real importer and a migrated Sqlite file.</summary>
public sealed class ImportDialogTests : BunitTestBase, IAsyncLifetime
{
    private const string Csv = "phone,name,tags,city\n+8613800138001,Li Wei,vip,Beijing\nnot a phone,Nobody,,Nowhere\n13800138002,Wang Fang,,Shanghai\n";
    private RecipientServices _s = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct);
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<RecipientImporter>());
        Services.AddSingleton(_s.Get<ImportRejectsStore>());
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<CurrentActor>();
        SignInAs(Roles.Staff);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private async Task<IRenderedComponent<IComponent>> OpenAsync()
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ImportDialog>("Import CSV"));
        host.WaitForAssertion(() => Assert.Contains("Choose a CSV file", host.Markup, StringComparison.Ordinal));
        host.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Csv, "people.csv"));
        host.WaitForAssertion(() => Assert.Contains("people.csv, cells separated by commas", host.Markup, StringComparison.Ordinal));
        return host;
    }

    private static IRenderedComponent<MudSelect<ColumnRole>> RoleOf(IRenderedComponent<IComponent> host, string column) =>
        host.FindComponents<MudSelect<ColumnRole>>().Single(s => s.Instance.UserAttributes["aria-label"]!.ToString() == $"Use of column {column}");

    /// <summary>What the select shows, as a person reads it.</summary>
    private static string? Shown(IRenderedComponent<IComponent> host, string column) => RoleOf(host, column).Find("input").GetAttribute("value");

    [Fact]
    public async Task Upload_SuggestsTheMapping_AndRefusesOneWithoutAPhoneColumn()
    {
        var host = await OpenAsync();

        Assert.Equal("Phone", Shown(host, "phone"));
        Assert.Equal("Name", Shown(host, "name"));
        Assert.Equal("Tags", Shown(host, "tags"));
        Assert.Equal("Attribute", Shown(host, "city"));
        Assert.Contains("+8613800138001 · not a phone · 13800138002", host.Markup, StringComparison.Ordinal);

        await host.InvokeAsync(() => RoleOf(host, "phone").Instance.ValueChanged.InvokeAsync(ColumnRole.Ignore));
        host.WaitForAssertion(() => Assert.Contains("Choose the column that holds the phone number.", host.Markup, StringComparison.Ordinal));
        Assert.True(host.FindAll("button").Single(b => b.TextContent.Trim() == "Import").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Import_ShowsTheCountsAndTheRejectedRows_AndStoresTheGoodOnes()
    {
        var host = await OpenAsync();

        await host.FindAll("button").Single(b => b.TextContent.Trim() == "Import").ClickAsync(new());

        host.WaitForAssertion(() => Assert.Contains("The import is complete.", host.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var rejects = host.Find("section[aria-label='Rejected rows']");
        Assert.Contains("3", rejects.QuerySelector("tbody tr td")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Download the 1 rejected rows (CSV)", rejects.TextContent, StringComparison.Ordinal);
        await using var db = await _s.DbAsync(Ct);
        Assert.Equal(["+8613800138001", "+8613800138002"], await db.Recipients.OrderBy(r => r.Phone).Select(r => r.Phone).ToListAsync(Ct));
    }
}
