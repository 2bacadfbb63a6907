using System.Text.Json;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>The sandbox's routes: the provider's two calls, and the /_sandbox/* controls for tests and staff.</summary>
internal sealed class SandboxEndpoints(
    SandboxProvider provider,
    ISandboxInboundSink sink,
    TimeProvider time,
    ILogger? logger,
    string controlToken,
    CancellationToken stopping)
{
    public void Map(WebApplication app)
    {
        // The sandbox's own host has no log providers (its lifetime chatter would repeat the app's); a bug still shows here.
        app.Use(async (ctx, next) =>
        {
            try
            {
                await next(ctx);
            }
            catch (Exception e) when (logger is not null && e is not OperationCanceledException)
            {
                SandboxLog.Unhandled(logger, e, ctx.Request.Method, ctx.Request.Path);
                throw;
            }
        });
        app.MapPost("/channels/{bot}/messages", ctx => ProviderCallAsync(ctx, provider.SendAsync));
        app.MapPost("/channels/{bot}/contacts/check", ctx => ProviderCallAsync(ctx, provider.CheckAsync));
        app.MapGet("/_sandbox/stats", Guarded(ctx => WriteAsync(ctx, 200, provider.Stats(), SandboxJsonContext.Wire.SandboxStats), changesState: false));
        app.MapGet("/_sandbox/faults", Guarded(ctx => WriteAsync(ctx, 200, provider.Faults.Settings, SandboxJsonContext.Wire.SandboxFaultSettings), changesState: false));
        app.MapPut("/_sandbox/faults", Guarded(PutFaultsAsync, changesState: true));
        app.MapPost("/_sandbox/inbound", Guarded(InboundAsync, changesState: true));
    }

    /// <summary>A control behind <see cref="SandboxControl"/>: refused before its body is read.</summary>
    private RequestDelegate Guarded(RequestDelegate control, bool changesState) => ctx =>
        SandboxControl.Refusal(ctx.Request, controlToken, changesState) is { } refusal
            ? ProblemAsync(ctx, refusal.Status, refusal.Problem)
            : control(ctx);

    private delegate ValueTask<SandboxAnswer> ProviderCall(string bot, string? apiKey, ReadOnlyMemory<byte> body, CancellationToken ct);

    private async Task ProviderCallAsync(HttpContext ctx, ProviderCall call)
    {
        var bot = (string)ctx.Request.RouteValues["bot"]!;
        var apiKey = ctx.Request.Headers["APIKEY"].FirstOrDefault();
        var body = await ReadBodyAsync(ctx);
        var answer = await call(bot, apiKey, body, ctx.RequestAborted);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        try
        {
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, time, cts.Token);
            }

            if (answer.Fault == SandboxFaultKind.TimeOut)
            {
                // Hang, unprocessed, until the client gives up (RequestAborted) or the sandbox stops.
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
            ctx.Abort();
            return;
        }

        if (answer.Fault is SandboxFaultKind.Drop or SandboxFaultKind.AnswerLost)
        {
            ctx.Abort();
            return;
        }

        await WriteAsync(ctx, answer.Status, answer.Body, ProviderJsonContext.Wire.ProviderResponse);
    }

    private async Task PutFaultsAsync(HttpContext ctx)
    {
        SandboxFaultSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize((await ReadBodyAsync(ctx)).Span, SandboxJsonContext.Wire.SandboxFaultSettings);
        }
        catch (JsonException e)
        {
            await ProblemAsync(ctx, 400, $"not fault settings: {e.Message}");
            return;
        }

        var problem = settings is null ? "no fault settings given" : settings.Problem();
        if (problem is not null)
        {
            await ProblemAsync(ctx, 400, problem);
            return;
        }

        provider.Faults.Settings = settings!;
        await WriteAsync(ctx, 200, provider.Faults.Settings, SandboxJsonContext.Wire.SandboxFaultSettings);
    }

    private async Task InboundAsync(HttpContext ctx)
    {
        SandboxInboundRequest? request;
        try
        {
            request = JsonSerializer.Deserialize((await ReadBodyAsync(ctx)).Span, SandboxJsonContext.Wire.SandboxInboundRequest);
        }
        catch (JsonException e)
        {
            await ProblemAsync(ctx, 400, $"not an inbound message: {e.Message}");
            return;
        }

        var outcome = await provider.RecordInboundAsync(request?.Bot, request?.From, request?.Name, request?.Text, ctx.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            await WriteAsync(ctx, refusal.Status, refusal.Body, ProviderJsonContext.Wire.ProviderResponse);
            return;
        }

        var message = outcome.Message!;
        try
        {
            await sink.DeliverAsync(message, ctx.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The user did write (opt-in is recorded); only the hand-on failed, and the caller should see it.
            if (logger is not null)
            {
                SandboxLog.InboundDeliveryFailed(logger, e, message.Bot);
            }

            await WriteAsync(ctx, 502, new SandboxInboundReply(message.Id, Delivered: false), SandboxJsonContext.Wire.SandboxInboundReply);
            return;
        }

        await WriteAsync(ctx, 200, new SandboxInboundReply(message.Id, Delivered: true), SandboxJsonContext.Wire.SandboxInboundReply);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static Task ProblemAsync(HttpContext ctx, int status, string problem) =>
        WriteAsync(ctx, status, new SandboxProblem(problem), SandboxJsonContext.Wire.SandboxProblem);

    private static Task WriteAsync<T>(HttpContext ctx, int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(value, type, cancellationToken: ctx.RequestAborted);
    }
}
