using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using static BotHub.Admin.Tests.Unit.Sandbox.SandboxAnswerAssert;

namespace BotHub.Admin.Tests.Unit.Sandbox;

/// <summary>The sandbox's record of ids (10011 for a repeat) is bounded: forgotten after IdsKeptFor, at most MaxIdsPerChannel.</summary>
public sealed class SandboxIdMemoryTests
{
    [Fact]
    public async Task RepeatedId_Is10011_ForTheWhole48Hours_ThenForgotten_AndAcceptedAgain()
    {
        var rig = new SandboxRig();
        await rig.WritesAsync();
        var message = SandboxMessages.Text();
        IsAccepted(await rig.SendAsync(message));

        rig.Time.Advance(TimeSpan.FromHours(48) - TimeSpan.FromSeconds(1));
        IsError(await rig.SendAsync(message), 409, 10011, "Request already processed");
        Assert.Equal(1, rig.Stats.IdsKept);

        rig.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, rig.Stats.IdsKept);
        await rig.WritesAsync(); // a new day: the user writes again so the push is allowed
        IsAccepted(await rig.SendAsync(message));
        Assert.Equal(2, rig.Stats.Accepted);
    }

    [Fact]
    public async Task ManyIdsOverDays_OnlyThoseOfTheLast48HoursAreKept()
    {
        var rig = new SandboxRig();
        for (var hour = 0; hour < 24 * 7; hour++)
        {
            await rig.WritesAsync();
            for (var i = 0; i < 10; i++)
            {
                IsAccepted(await rig.SendAsync(SandboxMessages.Text()));
            }

            rig.Time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(1_680, rig.Stats.Accepted);
        Assert.Equal(48 * 10 - 10, rig.Stats.IdsKept); // the hour sent 48 h before now has just been forgotten
    }

    [Fact]
    public async Task PastTheCap_TheOldestIdsAreForgottenFirst_AndTheCountStaysAtTheCap()
    {
        var rig = new SandboxRig(new SandboxOptions { MaxIdsPerChannel = 5 });
        await rig.WritesAsync();
        var messages = Enumerable.Range(0, 8).Select(_ => SandboxMessages.Text()).ToList();
        foreach (var message in messages)
        {
            IsAccepted(await rig.SendAsync(message));
        }

        Assert.Equal(5, rig.Stats.IdsKept);
        IsError(await rig.SendAsync(messages[^1]), 409, 10011);
        IsError(await rig.SendAsync(messages[3]), 409, 10011); // the oldest still kept
        IsAccepted(await rig.SendAsync(messages[2])); // forgotten: the cap pushed it out
        Assert.Equal(5, rig.Stats.IdsKept);
        IsAccepted(await rig.SendAsync(messages[3])); // and taking it back pushed out the next oldest
    }

    [Fact]
    public async Task AnIdAnsweredByACheck_IsKeptAndForgottenTheSameWay()
    {
        var rig = new SandboxRig(new SandboxOptions { IdsKeptFor = TimeSpan.FromMinutes(10) });
        await rig.WritesAsync();
        var id = SandboxMessages.NewId();
        Assert.Equal(200, (await rig.CheckAsync(SandboxMessages.Check(id))).Status);

        rig.Time.Advance(TimeSpan.FromMinutes(9));
        IsError(await rig.SendAsync(SandboxMessages.Text(id)), 409, 10011);

        rig.Time.Advance(TimeSpan.FromMinutes(1));
        IsAccepted(await rig.SendAsync(SandboxMessages.Text(id)));
    }
}
