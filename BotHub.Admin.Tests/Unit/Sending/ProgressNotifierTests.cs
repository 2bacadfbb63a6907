using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Unit.Sending;

public sealed class ProgressNotifierTests
{
    private static readonly EngineEvent Deliveries = new(EngineEventKind.Deliveries, 7, 3);
    private static readonly EngineEvent Channel = new(EngineEventKind.Channel, null, 3);

    private readonly ProgressNotifier _notifier = new();

    [Fact]
    public void Publish_TwoSubscribers_BothGetEveryEventInOrder()
    {
        var first = new List<EngineEvent>();
        var second = new List<EngineEvent>();
        using var a = _notifier.Subscribe(first.Add);
        using var b = _notifier.Subscribe(second.Add);

        _notifier.Publish(Deliveries);
        _notifier.Publish(Channel);

        Assert.Equal([Deliveries, Channel], first);
        Assert.Equal([Deliveries, Channel], second);
    }

    [Fact]
    public void Dispose_OneSubscription_StopsItsDeliveryOnly()
    {
        var gone = new List<EngineEvent>();
        var kept = new List<EngineEvent>();
        var a = _notifier.Subscribe(gone.Add);
        using var b = _notifier.Subscribe(kept.Add);

        a.Dispose();
        _notifier.Publish(Deliveries);

        Assert.Empty(gone);
        Assert.Equal([Deliveries], kept);
    }

    [Fact]
    public void Dispose_Twice_IsHarmlessAndLeavesOthersSubscribed()
    {
        var kept = new List<EngineEvent>();
        var a = _notifier.Subscribe(_ => { });
        using var b = _notifier.Subscribe(kept.Add);

        a.Dispose();
        a.Dispose();
        _notifier.Publish(Channel);

        Assert.True(_notifier.HasSubscribers);
        Assert.Equal([Channel], kept);
    }

    [Fact]
    public void Dispose_OneOfTwoSubscriptionsOfTheSameHandler_KeepsTheOther()
    {
        var seen = new List<EngineEvent>();
        Action<EngineEvent> handler = seen.Add;
        var a = _notifier.Subscribe(handler);
        using var b = _notifier.Subscribe(handler);

        a.Dispose();
        _notifier.Publish(Deliveries);

        Assert.True(_notifier.HasSubscribers);
        Assert.Equal([Deliveries], seen);
    }

    [Fact]
    public void HasSubscribers_NoneThenOneThenDisposed_FalseTrueFalse()
    {
        Assert.False(_notifier.HasSubscribers);
        var a = _notifier.Subscribe(_ => { });
        Assert.True(_notifier.HasSubscribers);

        a.Dispose();

        Assert.False(_notifier.HasSubscribers);
    }

    [Fact]
    public void Publish_NoSubscribers_DoesNothing()
    {
        var ex = Record.Exception(() => _notifier.Publish(Deliveries));

        Assert.Null(ex);
        Assert.False(_notifier.HasSubscribers);
    }

    [Fact]
    public void Publish_AfterEverySubscriptionEnded_ReachesNobody()
    {
        var seen = new List<EngineEvent>();
        _notifier.Subscribe(seen.Add).Dispose();

        _notifier.Publish(Deliveries);

        Assert.Empty(seen);
    }

    [Fact]
    public void Subscribe_NullHandler_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _notifier.Subscribe(null!));
    }

    [Fact]
    public void Dispose_DuringPublish_TheRunningPublishStillReachesEveryoneItStartedWith()
    {
        var later = new List<EngineEvent>();
        IDisposable? second = null;
        using var a = _notifier.Subscribe(_ => second?.Dispose());
        second = _notifier.Subscribe(later.Add);

        _notifier.Publish(Deliveries);
        _notifier.Publish(Channel);

        Assert.Equal([Deliveries], later);
    }
}
