using System.Text.Json.Serialization;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>
/// The faults the sandbox injects, as <c>GET</c>/<c>PUT /_sandbox/faults</c> carry them. Every rate is a fraction
/// (0 to 1) of the requests that would otherwise have succeeded; the rates together may not pass 1.
/// </summary>
public sealed record SandboxFaultSettings
{
    private readonly IReadOnlyDictionary<int, double> _errorRates = new Dictionary<int, double>();

    /// <summary>Per error code, the fraction answered with that error instead (e.g. {"10000": 0.1, "80002": 0.05}).</summary>
    // The source generator sets init-only properties missing from the JSON to null, so the default lives in the accessor.
    [JsonPropertyName("error_rates")]
    public IReadOnlyDictionary<int, double> ErrorRates
    {
        get => _errorRates;
        init => _errorRates = value ?? new Dictionary<int, double>();
    }

    private readonly IReadOnlyDictionary<string, int> _errorsTo = new Dictionary<string, int>();

    /// <summary>
    /// Per recipient (E.164), an error code that every request to that recipient is answered with, whatever the rates
    /// (e.g. {"+8613900001111": 10000}): one message failing while the channel's others go through.
    /// </summary>
    [JsonPropertyName("errors_to")]
    public IReadOnlyDictionary<string, int> ErrorsTo
    {
        get => _errorsTo;
        init => _errorsTo = value ?? new Dictionary<string, int>();
    }

    /// <summary>Mean latency added before every answer.</summary>
    [JsonPropertyName("latency_mean_ms")]
    public double LatencyMeanMs { get; init; }

    /// <summary>The latency is drawn evenly from mean ± spread (never below 0).</summary>
    [JsonPropertyName("latency_spread_ms")]
    public double LatencySpreadMs { get; init; }

    /// <summary>Fraction that hang, unprocessed, until the client gives up.</summary>
    [JsonPropertyName("timeout_rate")]
    public double TimeoutRate { get; init; }

    /// <summary>Fraction whose connection is closed with no answer, unprocessed.</summary>
    [JsonPropertyName("drop_rate")]
    public double DropRate { get; init; }

    /// <summary>Fraction that are processed (accepted and recorded) and then closed with no answer.</summary>
    [JsonPropertyName("answer_lost_rate")]
    public double AnswerLostRate { get; init; }

    [JsonIgnore]
    public double TotalRate => ErrorRates.Values.Sum() + TimeoutRate + DropRate + AnswerLostRate;

    /// <summary>What is wrong with these settings, or null when they can be used.</summary>
    public string? Problem()
    {
        if (ErrorRates.Keys.Any(code => code <= 0) || ErrorsTo.Values.Any(code => code <= 0))
        {
            return "error_rates: every code must be a positive number";
        }

        double[] rates = [.. ErrorRates.Values, TimeoutRate, DropRate, AnswerLostRate];
        if (rates.Any(r => !(r is >= 0 and <= 1)))
        {
            return "every rate must be between 0 and 1";
        }

        if (TotalRate > 1 + 1e-9)
        {
            return "the rates together must not pass 1";
        }

        return LatencyMeanMs is >= 0 and <= 600_000 && LatencySpreadMs is >= 0 and <= 600_000
            ? null
            : "latency_mean_ms and latency_spread_ms must be between 0 and 600000";
    }
}
