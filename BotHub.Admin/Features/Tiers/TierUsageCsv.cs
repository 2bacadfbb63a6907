using System.Globalization;
using System.Text;
using BotHub.Admin.Features.Audit;

namespace BotHub.Admin.Features.Tiers;

/// <summary>
/// The tier page's figures as CSV: a row per day (all broadcasts together, broadcast columns empty; channel "all
/// channels" when summed over them), then a row per day and broadcast. UTF-8 with a BOM so spreadsheets read Chinese
/// text right, CRLF lines (RFC 4180) as the deliveries export writes; cells go through <see cref="CsvCell"/>.
/// </summary>
public static class TierUsageCsv
{
    public const string Header = "date,channel,broadcast_id,broadcast,distinct_users,limit,share_of_limit";

    public static string FileName(int days) => string.Create(CultureInfo.InvariantCulture, $"tier-usage-{days}d.csv");

    public static async Task WriteAsync(Stream output, TierUsage usage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(usage);
        await using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true) { NewLine = "\r\n" };
        await w.WriteLineAsync(Header.AsMemory(), ct);
        var scope = usage.OneChannel?.Channel.Name ?? "all channels";
        var names = usage.Channels.ToDictionary(c => c.Channel.Id, c => c.Channel.Name);
        foreach (var day in usage.Days)
        {
            await w.WriteLineAsync(CsvCell.Row(Date(day.Day), scope, "", "", Number(day.Users), Number(day.Limit), Share(day.Users, day.Limit)).AsMemory(), ct);
        }

        foreach (var b in usage.Broadcasts.OrderBy(b => b.Day).ThenBy(b => b.ChannelId).ThenBy(b => b.BroadcastId))
        {
            await w.WriteLineAsync(CsvCell.Row(Date(b.Day), names.GetValueOrDefault(b.ChannelId), b.BroadcastId is { } id ? Number(id) : "",
                b.Text, Number(b.Users), Number(b.Limit), Share(b.Users, b.Limit)).AsMemory(), ct);
        }
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Share(int users, int limit) => limit == 0 ? "" : ((double)users / limit).ToString("0.0000", CultureInfo.InvariantCulture);
}
