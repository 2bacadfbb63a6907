using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Broadcasts.Live;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>
/// One moment (a broadcast made, and a recipient's message, at 05:50 UTC on 10 March 2025) on a Shanghai channel, seen by a
/// person in New York: the list, the broadcast's page and the recipient drawer all say 01:50 with the person's zone named,
/// never the channel's 13:50 or UTC; a change of zone redraws them.
/// </summary>
public sealed class OneClockTests : BunitTestBase, IAsyncLifetime
{
    private static readonly DateTime Moment = RecipientServices.Now.UtcDateTime.AddMinutes(-10); // 2025-03-10 05:50 UTC
    private const string NewYork = "America/New_York"; // UTC-4 since 9 March: 01:50
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"); // 13:50

    private readonly ProgressNotifier _notifier = new();
    private RecipientServices _s = null!;
    private int _broadcast;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s =>
        {
            s.AddSingleton(_notifier);
            s.AddSingleton(Options.Create(new TierOptions()));
            s.AddSingleton(Options.Create(new BspOptions()));
            s.AddSingleton<QuotaReader>();
            s.AddSingleton<SendingChannels>();
            s.AddSingleton<AudienceQuery>();
            s.AddSingleton<BroadcastCreator>();
            s.AddSingleton<SendingSignal>();
            s.AddSingleton<BroadcastControl>();
            s.AddSingleton<TestSender>();
            s.AddSingleton<BroadcastQuery>();
            s.AddSingleton<BroadcastFailures>();
        });
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_notifier);
        Services.AddSingleton(new EngineActivity());
        Services.AddSingleton(_s.Get<BroadcastQuery>());
        Services.AddSingleton(_s.Get<BroadcastFailures>());
        Services.AddSingleton(_s.Get<BroadcastControl>());
        Services.AddSingleton(_s.Get<TestSender>());
        Services.AddSingleton(_s.Get<AuditLog>());
        Services.AddSingleton(_s.Get<PhoneNormalizer>());
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<CurrentActor>();
        SignInAs(Roles.Staff);
        UseZone(NewYork);
        await using var db = await _s.DbAsync(Ct);
        var channel = await db.AddChannelAsync("North", Shanghai.Id);
        _broadcast = (await db.AddBroadcastAsync(channel, BroadcastState.Completed, Moment, "Hello",
            Delivery("+4915200000001", DeliveryState.Sent))).Id;
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private IRenderedComponent<T> RenderWithPopovers<T>()
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<T>(1);
            if (typeof(T) == typeof(BroadcastPage))
            {
                b.AddAttribute(2, nameof(BroadcastPage.Id), _broadcast);
            }

            b.CloseComponent();
        });
        return host.FindComponent<T>();
    }

    private static RecipientDetails Recipient(int channelId) => new(1, "+4915200000001", "Ana", OptInStatus.OptedIn, OptInSource.Import, Moment,
        Moment, [], new Dictionary<string, string>(), [], new Dictionary<int, DateTime> { [channelId] = Moment },
        [new InboundMessage { ChannelId = channelId, RecipientId = 1, From = "4915200000001", Text = "hi", SentUtc = Moment }]);

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void List_SaysTheMomentInThePersonsZone_WithTheZoneInItsHeader()
    {
        var cut = RenderWithPopovers<BroadcastsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr.mud-table-row")));
        Assert.Contains("2025-03-10 01:50", cut.Find("tbody tr.mud-table-row").TextContent, StringComparison.Ordinal);
        Assert.Contains($"Created ({NewYork})", cut.Find("thead").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("13:50", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_SaysTheSameMoment_Named_AndTheMessageBubbleToo()
    {
        var cut = RenderWithPopovers<BroadcastPage>();

        cut.WaitForElement("[data-testid=progress-done]");
        var created = cut.FindAll("th").Single(th => th.TextContent.Trim() == "Created by").NextElementSibling!;
        Assert.EndsWith($"2025-03-10 01:50 ({NewYork})", Squeezed(created.TextContent), StringComparison.Ordinal);
        Assert.DoesNotContain("13:50", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("01:50", cut.Find("[data-testid=preview-bubble]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Drawer_SaysTheSameMoment_UnderItsZone_AndTheChannelsMidnightInBothZones()
    {
        var channel = new ChannelInfo(7, "+8613800000000", "North", Shanghai, 1, [], [], []);

        var cut = Render<RecipientDetailsView>(p => p.Add(x => x.Details, Recipient(7)).Add(x => x.Channels, [channel])
            .Add(x => x.Now, RecipientServices.Now));

        Assert.Equal($"Times in {NewYork}", cut.Find("[data-testid=drawer-zone]").TextContent.Trim());
        var messages = cut.Find("section[aria-label='Messages received']");
        Assert.Contains("2025-03-10 01:50", messages.TextContent, StringComparison.Ordinal);
        var channels = Squeezed(cut.Find("section[aria-label=Channels]").TextContent);
        // The channel's day ends at its midnight, 16:00 UTC: noon in New York.
        Assert.Contains($"Eligible until 00:00 channel time (Asia/Shanghai), 12:00 your time ({NewYork})", channels, StringComparison.Ordinal);
        Assert.Contains("Last message: 2025-03-10 01:50 · channel's day in Asia/Shanghai", channels, StringComparison.Ordinal);
        Assert.DoesNotContain("13:50", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingTheZone_RedrawsTheListAndThePage_AtOnce()
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<BroadcastsPage>(1);
            b.CloseComponent();
            b.OpenComponent<BroadcastPage>(2);
            b.AddAttribute(3, nameof(BroadcastPage.Id), _broadcast);
            b.CloseComponent();
        });
        var list = host.FindComponent<BroadcastsPage>();
        list.WaitForAssertion(() => Assert.Single(list.FindAll("tbody tr.mud-table-row")));
        var page = host.FindComponent<BroadcastPage>();
        page.WaitForElement("[data-testid=progress-done]");

        await list.InvokeAsync(() => Clock.SetAsync("user-1", "Europe/Berlin", Ct)); // UTC+1: 06:50

        list.WaitForAssertion(() => Assert.Contains("2025-03-10 06:50", list.Find("tbody tr.mud-table-row").TextContent, StringComparison.Ordinal));
        Assert.Contains("Created (Europe/Berlin)", list.Find("thead").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains("2025-03-10 06:50 (Europe/Berlin)", page.Markup, StringComparison.Ordinal));
    }
}
