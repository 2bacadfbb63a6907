using System.Globalization;
using System.Text.Json;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>
/// What the sandbox answers, before HTTP: the status, the body, the latency to add, and a fault that replaces the
/// answer (time-out, drop, lost answer). <see cref="Fault"/> is never <see cref="SandboxFaultKind.Error"/>: an
/// injected error is already in the body.
/// </summary>
public sealed record SandboxAnswer(int Status, ProviderResponse Body, SandboxFaultKind Fault = SandboxFaultKind.None)
{
    public TimeSpan Delay { get; init; }

    public ProviderErrorBody? Error => Body.Error;
}

/// <summary>The sandbox's answers and the HTTP status it gives each error (the spec names codes, not statuses).</summary>
public static class SandboxReplies
{
    public const string RateLimitMessage = "rate limit exceeded";
    public const string NoMessageToday = "no_message_today";
    public const string OptedOut = "opted_out";
    public const string QuotaMessage = "daily quota exceeded";

    /// <summary>error_subcode of 10100 when the user did not message the channel today.</summary>
    public const int NoMessageTodaySubcode = 2;

    /// <summary>error_subcode of 10100 when the user's last message today was STOP.</summary>
    public const int OptedOutSubcode = 3;

    /// <summary>error_subcode of 80001 when the tier's daily quota of distinct users is used up.</summary>
    public const int QuotaSubcode = 1;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static SandboxAnswer Accepted() => new(200, new ProviderResponse { Result = true, Data = EmptyObject });

    public static SandboxAnswer Checked(CheckData data) => new(200, new ProviderResponse
    {
        Result = true,
        Data = JsonSerializer.SerializeToElement(data, ProviderJsonContext.Wire.CheckData),
    });

    /// <summary>An error object exactly as the spec shows it, with the sandbox's next request id.</summary>
    public static SandboxAnswer Error(int status, int code, string message, long requestId, int subcode = 0) =>
        new(status, new ProviderResponse
        {
            Error = new ProviderErrorBody
            {
                Code = code,
                Subcode = subcode,
                Type = "",
                Message = message,
                RequestId = JsonDocument.Parse(requestId.ToString(CultureInfo.InvariantCulture)).RootElement.Clone(),
            },
        });

    /// <summary>The status of an error the sandbox finds itself (the rate limit, quota and opt-in set theirs apart).</summary>
    public static int StatusOf(int code) => code switch
    {
        10001 or 10002 => 401,
        10006 => 404,
        // 409 Conflict: the request is well formed but repeats one already done; a client can tell it from a 400 at a glance.
        10011 => 409,
        _ => 400,
    };

    /// <summary>The status of an injected error: server-side codes answer 5xx as a real gateway would.</summary>
    public static int InjectedStatusOf(int code) => code switch
    {
        10000 or 18000 => 500,
        80001 or 80002 => 502,
        19000 => 504,
        _ => StatusOf(code),
    };
}
