using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Tests.Unit.Provider;

public sealed class ClassifyTests
{
    private static ProviderResponse Error(int code) => new() { Error = new ProviderErrorBody { Code = code, Message = "m" } };

    [Theory]
    [InlineData(200, 10011, OutcomeKind.AlreadyProcessed)]
    [InlineData(401, 10002, OutcomeKind.ChannelMisconfigured)]
    [InlineData(404, 10006, OutcomeKind.ChannelMisconfigured)]
    [InlineData(400, 41019, OutcomeKind.Rejected)]
    [InlineData(400, 10100, OutcomeKind.Rejected)]
    [InlineData(500, 10000, OutcomeKind.Transient)]
    [InlineData(429, 10000, OutcomeKind.Transient)]
    [InlineData(502, 80002, OutcomeKind.Transient)]
    [InlineData(503, 41019, OutcomeKind.Transient)]
    [InlineData(400, 99999, OutcomeKind.Rejected)]
    public void ErrorAnswers_AreClassifiedAsTheSpecSays(int status, int code, OutcomeKind expected)
    {
        var outcome = ProviderClient.Classify(status, Error(code), TimeSpan.Zero);
        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(code, outcome.Error!.Code);
    }

    [Fact]
    public void ResultTrue_IsAccepted()
    {
        var outcome = ProviderClient.Classify(200, new ProviderResponse { Result = true }, TimeSpan.Zero);
        Assert.Equal(OutcomeKind.Accepted, outcome.Kind);
        Assert.Null(outcome.Error);
    }

    [Theory]
    [InlineData(503, OutcomeKind.Transient)]
    [InlineData(429, OutcomeKind.Transient)]
    [InlineData(200, OutcomeKind.Rejected)]
    [InlineData(404, OutcomeKind.Rejected)]
    public void AnswersWithoutTheProvidersShape_AreTransientOnlyFor429And5xx(int status, OutcomeKind expected)
    {
        var outcome = ProviderClient.Classify(status, null, TimeSpan.Zero);
        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(80001, outcome.Error!.Code);
    }
}
