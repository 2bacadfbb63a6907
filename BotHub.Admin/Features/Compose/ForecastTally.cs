using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Compose;

/// <summary>
/// Counts, row by row, what is known now about who a broadcast will reach (<see cref="BroadcastForecast"/>). For a
/// scheduled broadcast the rows are queued without judging eligibility, so each is judged here as things stand on the
/// run's day: opted out or not opted in is known now; not having written to the channel that day is not final, since they
/// may write before it runs. The planner and the creator both count with it, so Compose shows what the broadcast keeps.
/// </summary>
public sealed class ForecastTally
{
    private readonly EligibilityDay _runDay;
    private readonly bool _judgedLater;
    private readonly int _keepDays;
    private readonly bool _sameDay;
    private readonly Dictionary<ExclusionReason, int> _excluded = [];
    private int _willSend;
    private int _onlyIfTheyWrite;

    /// <param name="start">When it runs: now, or its scheduled time.</param>
    public ForecastTally(TimeZoneInfo zone, DateTimeOffset now, DateTimeOffset start, bool judgedLater, int keepDays)
    {
        _runDay = new EligibilityDay(zone, start);
        _judgedLater = judgedLater;
        _keepDays = keepDays;
        _sameDay = Eligibility.DayStartUtc(zone, now) == Eligibility.DayStartUtc(zone, start);
    }

    public void Add(AudienceRow row, RowDecision decision)
    {
        ArgumentNullException.ThrowIfNull(row);
        switch (decision.Kind)
        {
            case RowDecisionKind.Exclude:
                Exclude(decision.Reason!.Value, 1);
                break;
            case RowDecisionKind.Wait:
                _onlyIfTheyWrite++;
                break;
            case RowDecisionKind.Send when !_judgedLater:
                _willSend++;
                break;
            default:
                var eligibility = _runDay.Evaluate(row.Phone, row.OptIn, row.LastInboundUtc);
                if (eligibility.Eligible)
                {
                    _willSend++;
                }
                else if (eligibility.Reason == IneligibleReason.NoMessageToday)
                {
                    _onlyIfTheyWrite++;
                }
                else
                {
                    Exclude(Exclusions.Of(eligibility.Reason), 1);
                }

                break;
        }
    }

    public void Exclude(ExclusionReason reason, int count)
    {
        if (count > 0)
        {
            _excluded[reason] = _excluded.GetValueOrDefault(reason) + count;
        }
    }

    public BroadcastForecast Result() =>
        new(_willSend, _onlyIfTheyWrite, new Dictionary<ExclusionReason, int>(_excluded), _judgedLater, _keepDays, _sameDay);
}
