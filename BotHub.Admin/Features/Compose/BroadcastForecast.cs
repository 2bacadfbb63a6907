using System.Text.Json;
using BotHub.Admin.Features.Sending;

namespace BotHub.Admin.Features.Compose;

/// <summary>
/// What was known about a broadcast's recipients when it was made (or is known now, in Compose): who would get it as
/// things stood, who only if they wrote to the channel before it ran (or within the days it is kept), and who was left
/// out and why. Kept with the broadcast, so its page can set what was expected beside what happened.
/// </summary>
/// <param name="WillSend">Eligible as things stand: they get it unless something changes.</param>
/// <param name="OnlyIfTheyWrite">Opted in but silent on the channel's day of the run: sent only if they write first.</param>
/// <param name="Excluded">Left out for a reason known now (opted out, not a valid number, ...), by reason.</param>
/// <param name="JudgedLater">Scheduled: who gets it is decided when it runs, so these are as of when it was made.</param>
/// <param name="KeepDays">The days a silent recipient's message waits for them to write.</param>
/// <param name="SameDay">The run is on the channel's day of the forecast: those who wrote today count as eligible.</param>
public sealed record BroadcastForecast(int WillSend, int OnlyIfTheyWrite, IReadOnlyDictionary<ExclusionReason, int> Excluded,
    bool JudgedLater, int KeepDays = 0, bool SameDay = true)
{
    public int ExcludedTotal => Excluded.Values.Sum();
    public int Selected => WillSend + OnlyIfTheyWrite + ExcludedTotal;

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The stored forecast; null for broadcasts made before it was kept, or text that is not one.</summary>
    public static BroadcastForecast? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<BroadcastForecast>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
