namespace BotHub.Admin.Features.Provider.Sandbox;

public sealed partial class SandboxProvider
{
    private async ValueTask<SandboxAnswer> CheckCoreAsync(string bot, string? apiKey, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var (channel, state, refusal) = await AdmitAsync(bot, apiKey, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var request = Parse(body, ProviderJsonContext.Default.CheckRequest);
        if (request is null)
        {
            return Refuse(state, 10100, "body is not a JSON object");
        }

        if (string.IsNullOrWhiteSpace(request.Id) || string.IsNullOrWhiteSpace(request.To))
        {
            return string.IsNullOrWhiteSpace(request.Id) ? Refuse(state, 41006, "id missing") : Refuse(state, 41007, "to missing");
        }

        if (!MessageRules.IsE164(request.To))
        {
            return Refuse(state, 10100, "to: not a phone number in E.164 form (+ and 8 to 15 digits)");
        }

        var today = DayOf(channel);
        lock (state.Gate)
        {
            if (state.WasSeen(request.Id, time.GetUtcNow()))
            {
                return Refuse(state, 10011, "Request already processed");
            }

            var fault = faults.Roll(request.To);
            if (Spoil(state, fault) is { } spoiled)
            {
                return spoiled;
            }

            state.MarkSeen(request.Id, time.GetUtcNow());
            state.Checks++;
            var reason = state.OptInProblem(request.To, today);
            return SandboxReplies.Checked(new CheckData { To = request.To, CanPush = reason is null, Reason = reason }) with { Fault = fault.Kind };
        }
    }
}
