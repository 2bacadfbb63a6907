using BotHub.Admin.Features.Broadcasts;
using Bunit;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Components.Broadcasts;

/// <summary>The state chip of the list, the page and the dashboard: how a broadcast ended, green only when all were sent.</summary>
public sealed class BroadcastStateChipTests : BunitTestBase
{
    private IRenderedComponent<BroadcastStateChip> Chip(BroadcastState state, BroadcastTally? tally, int keepDays = 0) =>
        Render<BroadcastStateChip>(p => p.Add(x => x.State, state).Add(x => x.Tally, tally).Add(x => x.KeepDays, keepDays));

    private static (string Text, bool Green, bool Red) Read(IRenderedComponent<BroadcastStateChip> cut)
    {
        var chip = cut.Find(".mud-chip");
        return (chip.TextContent.Trim(), chip.ClassList.Contains("mud-chip-color-success"), chip.ClassList.Contains("mud-chip-color-error"));
    }

    [Fact]
    public void Completed_AllSent_IsGreen()
    {
        Assert.Equal(("Completed", true, false), Read(Chip(BroadcastState.Completed, new BroadcastTally(108, 0, 0, 0, 0, 0))));
    }

    [Fact]
    public void Completed_WithFailures_SaysHowMany_AndIsNotGreen()
    {
        Assert.Equal(("Completed with 15 failed", false, true), Read(Chip(BroadcastState.Completed, new BroadcastTally(93, 15, 0, 0, 0, 0))));
    }

    [Fact]
    public void EndedAtMidnight_OrAfterTheDaysKept_IsNotGreen()
    {
        Assert.Equal(("Ended at midnight", false, false), Read(Chip(BroadcastState.Completed, new BroadcastTally(50, 0, 0, 55, 0, 0))));
        Assert.Equal(("Ended after 3 days kept", false, false), Read(Chip(BroadcastState.Completed, new BroadcastTally(50, 0, 0, 55, 0, 0), 3)));
    }

    [Fact]
    public void Cancelled_AndRunningStates_ReadAsBefore()
    {
        Assert.Equal(("Cancelled", false, false), Read(Chip(BroadcastState.Cancelled, new BroadcastTally(4, 0, 0, 0, 56, 0))));
        Assert.Equal(("Sending", false, false), Read(Chip(BroadcastState.Sending, new BroadcastTally(4, 1, 0, 0, 0, 50))));
        Assert.Equal(("Paused", false, false), Read(Chip(BroadcastState.Paused, null)));
    }

    [Fact]
    public void Chinese_SaysTheEndingsInChinese()
    {
        UseCulture("zh-CN");

        Assert.Equal("已完成，15 条失败", Read(Chip(BroadcastState.Completed, new BroadcastTally(93, 15, 0, 0, 0, 0))).Text);
        Assert.Equal("已于午夜结束", Read(Chip(BroadcastState.Completed, new BroadcastTally(50, 0, 0, 55, 0, 0))).Text);
        Assert.Equal("已取消", Read(Chip(BroadcastState.Cancelled, new BroadcastTally(4, 0, 0, 0, 56, 0))).Text);
    }
}
