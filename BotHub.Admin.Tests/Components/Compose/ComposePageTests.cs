using AngleSharp.Dom;
using BotHub.Admin.Components.Account;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Tiers;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Components.Compose;

/// <summary>
/// The compose page on the real planner over a migrated Sqlite file: three opted-in recipients who wrote to a Shanghai
/// channel an hour ago. On the fake clock, the text fields' debounce (200 ms, MudBlazor reads the TimeProvider too) and the
/// plan's wait (300 ms) only pass when the test moves the clock on.
/// </summary>
public sealed class ComposePageTests : BunitTestBase, IAsyncLifetime
{
    private RecipientServices _s = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s =>
        {
            s.AddSingleton(Options.Create(new TierOptions()));
            s.AddSingleton(Options.Create(new BspOptions()));
            s.AddSingleton<QuotaReader>();
            s.AddSingleton<SendingChannels>();
            s.AddSingleton<AudienceQuery>();
            s.AddSingleton<AudiencePlanner>();
            s.AddSingleton<BroadcastCreator>();
            s.AddSingleton<BotHub.Admin.Features.Sending.SendingSignal>();
            s.AddSingleton<DraftStore>();
        });
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<SendingChannels>());
        Services.AddSingleton(_s.Get<AudiencePlanner>());
        Services.AddSingleton(_s.Get<BroadcastCreator>());
        Services.AddSingleton(_s.Get<DraftStore>());
        Services.AddSingleton(_s.Get<SavedSelections>());
        Services.AddSingleton(_s.Get<RecipientDetailsQuery>());
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<CurrentActor>();
        SignInAs(Roles.Staff);

        var channelId = await _s.AddChannelAsync("Main", "Asia/Shanghai", Ct);
        await using (var db = await _s.DbAsync(Ct))
        {
            db.ApiKeys.Add(new ApiKey { ChannelId = channelId, ProtectedValue = "unused", Last4 = "abcd", CreatedUtc = RecipientServices.Now.UtcDateTime });
            await db.SaveChangesAsync(Ct);
        }

        foreach (var id in await _s.SeedAsync(3, OptInStatus.OptedIn, [], Ct))
        {
            await _s.AddInboundAsync(id, channelId, RecipientServices.Now.UtcDateTime.AddHours(-1), Ct);
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private IRenderedComponent<ComposePage> RenderPage()
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<ComposePage>(1);
            b.CloseComponent();
        });
        var page = host.FindComponent<ComposePage>();
        page.WaitForAssertion(() => Assert.NotNull(Field(page, "Message text")));
        return page;
    }

    private static IElement? Field(IRenderedComponent<ComposePage> cut, string label) =>
        cut.FindAll("label.mud-input-label").SingleOrDefault(l => l.TextContent.Trim() == label) is { } l
            ? cut.Find($"#{l.GetAttribute("for")}")
            : null;

    private static IElement SendButton(IRenderedComponent<ComposePage> cut) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Send…");

    private static string? Blocker(IRenderedComponent<ComposePage> cut) =>
        cut.FindAll("[data-testid=send-blocker]").SingleOrDefault()?.TextContent.Trim();

    private void Type(IElement field, string text)
    {
        field.Input(text);
        _s.Time.Advance(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Types into the message text, waits for the page to take it, then lets the plan run.</summary>
    private void WriteAndPlan(IRenderedComponent<ComposePage> cut, string text)
    {
        Type(Field(cut, "Message text")!, text);
        cut.WaitForAssertion(() => Assert.Equal("Working out the figures…", Blocker(cut)));
        _s.Time.Advance(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void ComposePage_EmptyMessage_SendStaysDisabledWithTheBlocker()
    {
        var cut = RenderPage();
        _s.Time.Advance(TimeSpan.FromMilliseconds(300));

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[role=group][aria-label='Eligible now'] .mud-typography-h6").TextContent.Trim()));
        Assert.True(SendButton(cut).HasAttribute("disabled"));
        Assert.Equal("Not ready to send. The message is empty: write its text (41015)", Blocker(cut));
    }

    [Fact]
    public void ComposePage_ValidMessage_EnablesSend_UntilAnUnknownVariableBlocksIt()
    {
        var cut = RenderPage();

        WriteAndPlan(cut, "Hello {{name}}");

        cut.WaitForAssertion(() => Assert.Null(Blocker(cut)));
        Assert.False(SendButton(cut).HasAttribute("disabled"));
        Assert.Equal("3", cut.Find("[role=group][aria-label='Selected'] .mud-typography-h6").TextContent.Trim());
        Assert.Matches(@"^Hello Person \d$", cut.Find("[data-testid=preview-text]").TextContent);

        Type(Field(cut, "Message text")!, "Hello {{nmae}}");

        cut.WaitForAssertion(() => Assert.Equal("Not ready to send. Unknown variable {{nmae}}: use {{name}}, {{phone}}, {{attr:KEY}}.", Blocker(cut)));
        Assert.True(SendButton(cut).HasAttribute("disabled"));
        Assert.Contains("Unknown variable {{nmae}}: use {{name}}, {{phone}}, {{attr:KEY}}.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposePage_ImageWithHttpUrl_KeepsSendDisabled()
    {
        var cut = RenderPage();
        WriteAndPlan(cut, "Spring sale");
        cut.WaitForAssertion(() => Assert.Null(Blocker(cut)));

        cut.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == "Image").QuerySelector("input")!.Click();
        cut.WaitForAssertion(() => Assert.NotNull(Field(cut, "File URL")));
        Type(Field(cut, "File URL")!, "http://cdn.example.com/spring.jpg");

        cut.WaitForAssertion(() => Assert.Contains("The link must be a full https address, starting with https:// (10100)", cut.Markup, StringComparison.Ordinal));
        Assert.Equal("Not ready to send. The link must be a full https address, starting with https:// (10100)", Blocker(cut));
        Assert.True(SendButton(cut).HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=preview-bubble] img"));
    }
}
