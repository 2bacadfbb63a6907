namespace BotHub.Admin.Features.Provider;

/// <summary>What a provider error means for the sender (spec, "what each code means for the sender").</summary>
public enum ErrorClass
{
    /// <summary>Retried later with the same id.</summary>
    Transient,

    /// <summary>10011 on a retry: an earlier attempt of this very message was accepted.</summary>
    AlreadyProcessed,

    /// <summary>The channel's key or bot is wrong: its sending pauses and an admin is alerted.</summary>
    ChannelMisconfigured,

    /// <summary>This one message is wrong: it fails at once and is not retried.</summary>
    Rejected,
}

/// <param name="Code">The provider's code.</param>
/// <param name="English">The page's meaning, in English.</param>
/// <param name="Chinese">The page's own text.</param>
public sealed record ErrorInfo(int Code, string English, string Chinese, ErrorClass Class, bool IsKnown = true);

/// <summary>The provider's error table: the one place that knows every code, its texts and its class.</summary>
public static class ErrorCatalogue
{
    private static readonly Dictionary<int, ErrorInfo> Table = new ErrorInfo[]
    {
        new(10000, "internal error", "内部错误", ErrorClass.Transient),
        new(10001, "no API key given", "未指定API KEY", ErrorClass.ChannelMisconfigured),
        new(10002, "invalid API key", "无效的API KEY", ErrorClass.ChannelMisconfigured),
        new(10003, "no request id given", "未指定Request id", ErrorClass.Rejected),
        new(10004, "kind of API call not given", "未指定调用API的种类", ErrorClass.ChannelMisconfigured),
        new(10005, "invalid kind of API call", "无效的API种类", ErrorClass.ChannelMisconfigured),
        new(10006, "bot does not exist or has been deleted", "Bot不存在或者已经被删除", ErrorClass.ChannelMisconfigured),
        new(10011, "request id repeats an earlier one", "Request id与之前的重复", ErrorClass.AlreadyProcessed),
        new(10100, "invalid parameter", "参数无效", ErrorClass.Rejected),
        new(18000, "internal error", "内部错误", ErrorClass.Transient),
        new(19000, "callback timed out", "回调超时", ErrorClass.Transient),
        new(41006, "id missing", "未指定id", ErrorClass.Rejected),
        new(41007, "to missing", "未指定to", ErrorClass.Rejected),
        new(41008, "type missing", "未指定type", ErrorClass.Rejected),
        new(41009, "timestamp missing", "未指定timestamp", ErrorClass.Rejected),
        new(41010, "image missing", "未指定image", ErrorClass.Rejected),
        new(41011, "document missing", "未指定document", ErrorClass.Rejected),
        new(41012, "text missing", "未指定text", ErrorClass.Rejected),
        new(41013, "audio missing", "未指定audio", ErrorClass.Rejected),
        new(41014, "invalid type", "无效的type", ErrorClass.Rejected),
        new(41015, "text body missing", "未指定text内的body", ErrorClass.Rejected),
        new(41016, "document caption missing", "未指定document内的caption", ErrorClass.Rejected),
        new(41017, "document url missing", "未指定document内的url", ErrorClass.Rejected),
        new(41018, "document extension missing", "未指定document内的extension", ErrorClass.Rejected),
        new(41019, "image caption missing", "未指定image内的caption", ErrorClass.Rejected),
        new(41021, "image url missing", "未指定image内的url", ErrorClass.Rejected),
        new(41022, "image extension missing", "未指定image内的extension", ErrorClass.Rejected),
        new(41023, "audio caption missing", "未指定audio内的caption", ErrorClass.Rejected),
        new(41024, "audio url missing", "未指定audio内的url", ErrorClass.Rejected),
        new(41025, "audio extension missing", "未指定audio内的extension", ErrorClass.Rejected),
        new(41035, "source missing", "未指定source", ErrorClass.Rejected),
        new(41036, "invalid source value", "source值不正确", ErrorClass.Rejected),
        new(80001, "BSP error", "BSP错误", ErrorClass.Transient),
        new(80002, "network error", "network error", ErrorClass.Transient),
    }.ToDictionary(e => e.Code);

    public static IReadOnlyCollection<ErrorInfo> All => Table.Values;

    /// <summary>The entry for a code; an unknown code is "unknown error code N", never swallowed, and not retried.</summary>
    public static ErrorInfo Find(int code) => Table.TryGetValue(code, out var info)
        ? info
        : new ErrorInfo(code, $"unknown error code {code}", $"未知错误代码 {code}", ErrorClass.Rejected, IsKnown: false);
}

/// <summary>A provider error as staff see it: the decoded texts with everything the provider said.</summary>
public sealed record DecodedError(ErrorInfo Info, int Subcode, string? ProviderMessage, string? RequestId, string? ErrorType = null)
{
    public int Code => Info.Code;
    public ErrorClass Class => Info.Class;

    public static DecodedError Of(int code, int subcode = 0, string? message = null, string? requestId = null, string? type = null) =>
        new(ErrorCatalogue.Find(code), subcode, message, requestId, type);

    /// <summary>One line for logs and lists: "41019 image caption missing (未指定image内的caption): Bad request [request 123]".</summary>
    public override string ToString() =>
        $"{Code} {Info.English} ({Info.Chinese})"
        + (string.IsNullOrEmpty(ProviderMessage) ? "" : $": {ProviderMessage}")
        + (Subcode != 0 ? $" [subcode {Subcode}]" : "")
        + (string.IsNullOrEmpty(RequestId) ? "" : $" [request {RequestId}]");
}
