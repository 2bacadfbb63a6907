using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Sandbox;

namespace BotHub.Admin.Tests.Unit.Sandbox;

/// <summary>The sandbox's record of accepted sends keeps the newest (Bsp:Sandbox:AcceptedKept), so it cannot grow without bound.</summary>
public sealed class SandboxAcceptedRecordTests
{
    [Fact]
    public void PastTheNumberKept_TheOldestAcceptedSendsGoFirst()
    {
        var state = new ChannelState(new TokenBucket(20, 40, 1000, 0), new SeenIds(TimeSpan.FromHours(1), 100), acceptedKept: 3);
        var at = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

        for (var i = 1; i <= 5; i++)
        {
            state.RecordAccepted(new SandboxAcceptedSend($"id-{i}", $"+861390000000{i}", at.AddSeconds(i)));
        }

        Assert.Equal(["id-3", "id-4", "id-5"], state.AcceptedSends().Select(s => s.Id));
    }
}
