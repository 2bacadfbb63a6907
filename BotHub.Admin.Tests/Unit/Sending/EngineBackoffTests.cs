using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Tests.Unit.Sending;

public sealed class EngineBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(1000, 60)]
    public void AFailingRound_WaitsOneSecondDoublingToAMinute(int failuresInRow, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), EngineBackoff.Delay(failuresInRow));
}
