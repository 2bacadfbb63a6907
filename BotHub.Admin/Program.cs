using BotHub.Admin.Components;
using BotHub.Admin.Components.Account;
using BotHub.Admin.Components.Account.Throttle;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Clock;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Dashboard;
using BotHub.Admin.Features.Demo;
using BotHub.Admin.Features.Localization;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Webhook;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Security;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Features.Users;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.UseRootConfigurationFile();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices(mud =>
{
    // Bottom left, as Material places them, and brief: a message must not sit over a page's heading and main buttons.
    mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
    mud.SnackbarConfiguration.VisibleStateDuration = 4000;
});
builder.AddClock();
builder.AddSecurityHeaders();
builder.AddData();
builder.AddAppLocalization();
builder.AddAudit();
builder.AddAccount();
builder.AddUsers();
builder.AddProvider();
builder.AddChannels();
builder.AddWebhook();
builder.AddRecipients();
builder.AddCompose();
builder.AddBroadcasts();
builder.AddSending();
builder.AddDashboard();
builder.AddTiers();
builder.AddSandboxSetUp();
builder.AddDemo();
builder.AddErrorPages();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseErrorPages();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseAuthentication();
app.UseSignInThrottle();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
// The framework's own CSP (frame-ancestors only) would arrive as a second header; ours has the same frame-ancestors.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
app.MapData();
app.MapAppLocalization();
app.MapAccount();
app.MapAudit();
app.MapWebhook();
app.MapRecipients();
app.MapBroadcasts();
app.MapTiers();

await app.MigrateDatabaseAsync();
await app.BootstrapFirstAdminAsync();
await app.ApplyConfiguredChannelsAsync();
await app.RunAsync();
