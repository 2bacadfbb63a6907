using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Broadcasts.Live;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Infrastructure;
using BotHub.Admin.Tests.Unit.Recipients;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>The cancel dialog on the real query over a migrated Sqlite file: its figures, and their following the engine while it is open.</summary>
public sealed class CancelDialogTests : BunitTestBase, IAsyncLifetime
{
    private readonly ProgressNotifier _notifier = new();
    private RecipientServices _s = null!;
    private int _channel;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _s = await RecipientServices.CreateAsync(Ct, s => s.AddSingleton<BroadcastQuery>());
        Services.AddSingleton<TimeProvider>(_s.Time);
        Services.AddSingleton(_s.Get<BroadcastQuery>());
        Services.AddSingleton(_notifier);
        await using var db = await _s.DbAsync(Ct);
        _channel = await db.AddChannelAsync("North");
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _s.DisposeAsync();
    }

    private static PlannedDelivery WithProvider(PlannedDelivery d)
    {
        d.Row.InRequest = true;
        d.Row.ClaimedBy = "engine-1";
        return d;
    }

    /// <summary>
    /// Sending: 3 queued, a check and a send with the provider, 2 sent. A cancel stops 4 (the check's answer cannot send
    /// anything any more); the send with the provider ends as it answers.
    /// </summary>
    private async Task<Broadcast> SendingAsync()
    {
        await using var db = await _s.DbAsync(Ct);
        return await db.AddBroadcastAsync(_channel, BroadcastState.Sending, RecipientServices.Now.UtcDateTime, "hi",
            Delivery("+4915200000001", DeliveryState.Queued), Delivery("+4915200000002", DeliveryState.Queued),
            Delivery("+4915200000003", DeliveryState.Queued),
            WithProvider(Delivery("+4915200000004", DeliveryState.Checking)), WithProvider(Delivery("+4915200000005", DeliveryState.Sending)),
            Delivery("+4915200000006", DeliveryState.Sent), Delivery("+4915200000007", DeliveryState.Sent));
    }

    private async Task<(IRenderedComponent<IComponent> Host, IDialogReference Dialog)> OpenAsync(int broadcastId)
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });
        var dialog = await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CancelDialog>($"Cancel broadcast #{broadcastId}?",
            new DialogParameters<CancelDialog> { { x => x.BroadcastId, broadcastId } }));
        host.WaitForElement("[data-testid=cancel-figures]");
        return (host, dialog);
    }

    private static string Figures(IRenderedComponent<IComponent> host) => host.Find("[data-testid=cancel-figures]").TextContent.Trim();

    /// <summary>What the engine does to one delivery: its state changes in the database, then it says so.</summary>
    private async Task MoveAsync(long deliveryId, DeliveryState state, bool inRequest, int? eventFor)
    {
        await using var db = await _s.DbAsync(Ct);
        await db.Deliveries.Where(d => d.Id == deliveryId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, state).SetProperty(d => d.InRequest, inRequest), Ct);
        if (eventFor is { } id)
        {
            _notifier.Publish(new EngineEvent(EngineEventKind.Deliveries, id, _channel));
        }
    }

    private async Task<long> IdOfAsync(int broadcastId, string phone)
    {
        await using var db = await _s.DbAsync(Ct);
        return await db.Deliveries.Where(d => d.BroadcastId == broadcastId && d.Phone == phone).Select(d => d.Id).SingleAsync(Ct);
    }

    [Fact]
    public async Task Open_SaysWhatACancelNowWouldStop_WhatIsWithTheProvider_AndWhatStaysSent()
    {
        var b = await SendingAsync();

        var (host, _) = await OpenAsync(b.Id);

        Assert.Equal("Not yet sent, to be cancelled and never sent: 4. With the provider now, to end sent or failed as it answers: 1. Already sent, staying sent: 2. This cannot be undone.", Figures(host));
        Assert.Contains("These figures follow the broadcast as it sends.", host.Markup, StringComparison.Ordinal);
        Assert.Contains($"Cancel broadcast #{b.Id}?", host.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EngineEventForTheBroadcast_WithCountsChanged_UpdatesTheFigures()
    {
        var b = await SendingAsync();
        var (host, _) = await OpenAsync(b.Id);

        // The send with the provider is answered (sent), and a queued one goes out: 3 left to stop, 1 with the provider, 3 sent.
        await MoveAsync(await IdOfAsync(b.Id, "+4915200000005"), DeliveryState.Sent, false, null);
        await MoveAsync(await IdOfAsync(b.Id, "+4915200000001"), DeliveryState.Sending, true, b.Id);

        host.WaitForAssertion(() => Assert.StartsWith("Not yet sent, to be cancelled and never sent: 3.", Figures(host), StringComparison.Ordinal));
        Assert.Contains("With the provider now, to end sent or failed as it answers: 1.", Figures(host), StringComparison.Ordinal);
        Assert.Contains("Already sent, staying sent: 3.", Figures(host), StringComparison.Ordinal);

        // Later: that one is answered too, and the check's answer comes; the next event (after the page's refresh interval) shows it.
        await MoveAsync(await IdOfAsync(b.Id, "+4915200000001"), DeliveryState.Sent, false, null);
        await MoveAsync(await IdOfAsync(b.Id, "+4915200000004"), DeliveryState.Queued, false, null);
        _s.Time.Advance(LiveRefresh.DefaultInterval);
        _notifier.Publish(new EngineEvent(EngineEventKind.Deliveries, b.Id, _channel));

        host.WaitForAssertion(() => Assert.Equal("Not yet sent, to be cancelled and never sent: 3. With the provider now, to end sent or failed as it answers: 0. Already sent, staying sent: 4. This cannot be undone.", Figures(host)));
    }

    [Fact]
    public async Task EngineEventForAnotherBroadcast_LeavesTheFiguresAsTheyWere()
    {
        var b = await SendingAsync();
        await using (var db = await _s.DbAsync(Ct))
        {
            await db.AddBroadcastAsync(_channel, BroadcastState.Sending, RecipientServices.Now.UtcDateTime, "other", Delivery("+4915200000099", DeliveryState.Queued));
        }

        var (host, _) = await OpenAsync(b.Id);
        var before = Figures(host);

        await MoveAsync(await IdOfAsync(b.Id, "+4915200000002"), DeliveryState.Sent, false, b.Id + 1);
        _notifier.Publish(new EngineEvent(EngineEventKind.Activity, null, _channel));

        Assert.Equal(before, Figures(host));
    }

    [Fact]
    public async Task Confirm_ClosesWithYes_AndClosingUnsubscribes()
    {
        var b = await SendingAsync();
        var (host, dialog) = await OpenAsync(b.Id);
        Assert.True(_notifier.HasSubscribers);

        await host.FindAll("button").Single(x => x.TextContent.Trim() == "Cancel broadcast").ClickAsync(new());

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(true, result.Data);
        host.WaitForAssertion(() => Assert.False(_notifier.HasSubscribers));
    }

    [Fact]
    public async Task Chinese_SaysTheFiguresInChinese()
    {
        UseCulture("zh-CN");
        var b = await SendingAsync();

        var (host, _) = await OpenAsync(b.Id);

        Assert.Equal("尚未发送的 4 条消息将被取消，不会再发送。1 条正在服务商处：按其应答记为已发送或失败。已发送的 2 条保持不变。此操作无法撤销。", Figures(host));
        Assert.Contains("这些数字随群发进度实时更新。", host.Markup, StringComparison.Ordinal);
    }
}
