using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Compose;

public enum RowDecisionKind
{
    /// <summary>Eligible now: queued to send.</summary>
    Send,

    /// <summary>Opted in but silent today, with "keep for N days": queued until they write again.</summary>
    Wait,

    Exclude,
}

public readonly record struct RowDecision(RowDecisionKind Kind, string? Text, ExclusionReason? Reason = null, string? Detail = null);

/// <summary>
/// Decides, for one picked recipient, whether they get the message and with what text. The picker's figures and the
/// broadcast's rows both come from here, so what the page promises is what is stored.
/// </summary>
public sealed class AudienceRules
{
    private readonly ComposeModel _model;
    private readonly EligibilityDay _day;
    private readonly bool _judgeEligibility;
    private readonly bool _hasVariables;

    /// <param name="judgeEligibility">False for a scheduled broadcast: its eligibility is judged when it runs.</param>
    public AudienceRules(ComposeModel model, TimeZoneInfo zone, DateTimeOffset at, bool judgeEligibility)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _day = new EligibilityDay(zone, at);
        _judgeEligibility = judgeEligibility;
        Variables = MessageVariables.Used(model.Message.Template);
        _hasVariables = Variables.Count > 0;
    }

    public IReadOnlyList<MessageVariable> Variables { get; }

    public RowDecision Decide(AudienceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var kind = RowDecisionKind.Send;
        if (!_judgeEligibility && !MessageRules.IsE164(row.Phone))
        {
            return Excluded(ExclusionReason.InvalidNumber);
        }

        if (_judgeEligibility)
        {
            var eligibility = _day.Evaluate(row.Phone, row.OptIn, row.LastInboundUtc);
            if (!eligibility.Eligible)
            {
                if (eligibility.Reason == IneligibleReason.NoMessageToday && _model.KeepDays > 0)
                {
                    kind = RowDecisionKind.Wait;
                }
                else
                {
                    return Excluded(Exclusions.Of(eligibility.Reason));
                }
            }
        }

        var template = _model.Message.Template;
        if (!_hasVariables)
        {
            return new(kind, template);
        }

        var rendered = MessageVariables.Render(template, new RecipientValues(row.Phone, row.Name, row.Attributes), _model.Fallbacks);
        if (rendered.MissingVariable is { } missing)
        {
            return Excluded(ExclusionReason.MissingVariable, missing.Token);
        }

        return ComposeRules.RenderedTextIssue(_model.Message, rendered.Text) is { } issue
            ? Excluded(ExclusionReason.MessageInvalid, $"{issue.Code} {issue.Field} {issue.Detail}".TrimEnd())
            : new(kind, rendered.Text);
    }

    private static RowDecision Excluded(ExclusionReason reason, string? detail = null) => new(RowDecisionKind.Exclude, null, reason, detail);
}
