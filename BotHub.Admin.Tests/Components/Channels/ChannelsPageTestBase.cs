using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Channels;

/// <summary>
/// The channels and keys page on the real services over a migrated Sqlite file, with a fake clock, signed in as an
/// admin; each test class brings its own provider settings (<paramref name="bsp"/>).
/// </summary>
public abstract class ChannelsPageTestBase(BspOptions bsp) : BunitTestBase, IAsyncLifetime
{
    protected static readonly AuditActor Admin = new("admin-1", "admin@test.local", "127.0.0.1");

    /// <summary>The real services behind the page (its database, clock and channel services).</summary>
    protected RecipientServices Backend { get; private set; } = null!;

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Backend = await RecipientServices.CreateAsync(Ct, s =>
        {
            s.AddSingleton(Options.Create(bsp));
            s.AddSingleton<ChannelAdmin>();
            s.AddSingleton<ChannelSummaries>();
            s.AddSingleton<ChannelEditor>();
            s.AddSingleton<ChannelKeys>();
        });
        Services.AddSingleton<TimeProvider>(Backend.Time);
        Services.AddSingleton(Backend.Get<ChannelSummaries>());
        Services.AddSingleton(Backend.Get<ChannelEditor>());
        Services.AddSingleton(Backend.Get<ChannelKeys>());
        Services.AddSingleton(Backend.Get<ChannelAdmin>());
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<CurrentActor>();
        SignInAs(Roles.Admin);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await Backend.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The page with the providers it needs from the layout (popovers, dialogs, snackbars).</summary>
    protected IRenderedComponent<ContainerFragment> RenderPage() => Render(b =>
    {
        b.OpenComponent<MudPopoverProvider>(0);
        b.CloseComponent();
        b.OpenComponent<MudDialogProvider>(1);
        b.CloseComponent();
        b.OpenComponent<MudSnackbarProvider>(2);
        b.CloseComponent();
        b.OpenComponent<ChannelsPage>(3);
        b.CloseComponent();
    });

    /// <summary>Clicks the button (within <paramref name="scope"/>, a selector) whose text is <paramref name="text"/>, once it is there.</summary>
    protected static void Click(IRenderedComponent<ContainerFragment> host, string text, string scope = "") =>
        host.WaitForAssertion(() => host.FindAll($"{scope} button".Trim()).First(b => b.TextContent.Trim() == text).Click());
}
