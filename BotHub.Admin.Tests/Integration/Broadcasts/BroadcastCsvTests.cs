using BotHub.Admin.Features.Audit;
using System.Net;
using System.Text.RegularExpressions;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BotHub.Admin.Tests.Infrastructure.BroadcastSeed;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Integration.Broadcasts;

/// <summary>A broadcast's CSV downloads over real HTTP: who may have them, what they hold, and cells a spreadsheet cannot run.</summary>
public sealed partial class BroadcastCsvTests(TestApp app) : IClassFixture<TestApp>, IAsyncLifetime
{
    private const string StaffEmail = "csv.staff@test.local";
    private const string StaffPassword = "csv staff passphrase";
    private const string Hostile = "=HYPERLINK(\"http://x\",\"click\")";

    private static readonly DateTime Created = new(2025, 3, 10, 6, 0, 0, DateTimeKind.Utc);
    private static int _broadcastId;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>One broadcast: sent, two failed with different codes (one with a hostile provider message), queued, excluded.</summary>
    public async ValueTask InitializeAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        if (await db.Broadcasts.AnyAsync(Ct))
        {
            return;
        }

        await app.CreateUserAsync(StaffEmail, StaffPassword, Roles.Staff);
        var channel = await db.AddChannelAsync("North");
        var sent = Delivery("+4915400000001", DeliveryState.Sent, "Ana Lima");
        sent.Row.SentUtc = Created.AddMinutes(2);
        var b = await db.AddBroadcastAsync(channel, BroadcastState.Completed, Created, "Hello {{name}}",
            sent,
            Delivery("+4915400000002", DeliveryState.Queued, Hostile).Failed(41019, 2, "-1+1 caption missing", "req-2"),
            Delivery("+4915400000003", DeliveryState.Queued, "Cai").Failed(10100, 0, "@SUM(A1:A9)", "req-3"),
            Delivery("+4915400000004", DeliveryState.Queued, "Dan"),
            Excluded("+cmd|' /C calc'!A0", ExclusionReason.InvalidNumber));
        _broadcastId = b.Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
    {
        BaseAddress = app.BaseUrl,
    };

    private async Task<HttpClient> StaffAsync()
    {
        var client = NewClient();
        var form = await client.GetStringAsync("/Account/Login", Ct);
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = StaffEmail,
            ["Input.Password"] = StaffPassword,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static async Task<List<string>> LinesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // a BOM, so Excel reads UTF-8
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(BroadcastCsv.Header, lines[0]);
        return lines.Skip(1).ToList();
    }

    [Theory]
    [InlineData("deliveries.csv")]
    [InlineData("deliveries.csv?state=Failed")]
    [InlineData("failures.csv")]
    [InlineData("failures.csv?code=41019")]
    public async Task Anonymous_IsSentToSignIn(string file)
    {
        using var client = NewClient();

        var response = await client.GetAsync($"/broadcasts/{_broadcastId}/{file}", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_EveryOneOfTheBroadcast_WithThePlainErrorAndWhetherRetryHelps_InEnglish()
    {
        using var client = await StaffAsync();

        var response = await client.GetAsync($"/broadcasts/{_broadcastId}/deliveries.csv", Ct);
        var lines = await LinesAsync(response);

        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal($"broadcast-{_broadcastId}-deliveries.csv", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Equal(5, lines.Count);
        Assert.Matches(@"^\+4915400000001,Ana Lima,Sent,,,[0-9a-f]{32},1,2025-03-10 06:02:00,,,,,,sent,$", lines[0]);
        Assert.Matches(@"^\+4915400000003,Cai,Failed,,,[0-9a-f]{32},1,,10100,The provider refused a value in the message: check the number and the message,0,"
            + @"'@SUM\(A1:A9\),req-3,failed,Retrying won't help: fix the number or the message first$", lines[2]);
        Assert.StartsWith("+4915400000004,Dan,Queued,,,", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("'+cmd|' /C calc'!A0,,Excluded,InvalidNumber,,,0,", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_ForAChineseReader_SayTheErrorAndTheRetryVerdictInChinese()
    {
        using var client = await StaffAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/broadcasts/{_broadcastId}/deliveries.csv?state=Failed");
        request.Headers.Add("Accept-Language", "zh-CN");

        var lines = await LinesAsync(await client.SendAsync(request, Ct));

        Assert.Contains(",10100,服务商认为消息中有无效的值：请检查号码和消息内容,0,'@SUM(A1:A9),req-3,failed,重试无济于事：请先修正号码或消息", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliveries_OfOneState_OnlyThose()
    {
        using var client = await StaffAsync();

        var failed = await LinesAsync(await client.GetAsync($"/broadcasts/{_broadcastId}/deliveries.csv?state=Failed", Ct));
        var queued = await LinesAsync(await client.GetAsync($"/broadcasts/{_broadcastId}/deliveries.csv?state=Queued", Ct));
        var cancelled = await LinesAsync(await client.GetAsync($"/broadcasts/{_broadcastId}/deliveries.csv?state=Cancelled", Ct));

        Assert.Equal(["+4915400000002", "+4915400000003"], failed.Select(l => l.Split(',')[0]));
        Assert.Equal(["+4915400000004"], queued.Select(l => l.Split(',')[0]));
        Assert.Empty(cancelled);
    }

    [Fact]
    public async Task EachExport_IsAudited_WithWhoWhatAndHowMany()
    {
        using var client = await StaffAsync();

        var response = await client.GetAsync($"/broadcasts/{_broadcastId}/failures.csv?code=10100", Ct);
        Assert.Single(await LinesAsync(response));

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
        var entry = await db.AuditEntries.Where(e => e.Kind == AuditKind.BroadcastExported && e.Details!.Contains("failures-10100"))
            .SingleAsync(Ct);
        Assert.Equal(StaffEmail, entry.ActorName);
        Assert.Equal($"broadcast {_broadcastId}", entry.Subject);
        Assert.Equal($"broadcast-{_broadcastId}-failures-10100.csv: 1 deliveries", entry.Details);
        Assert.False(string.IsNullOrEmpty(entry.Address));
    }

    [Fact]
    public async Task Failures_OnlyFailed_OptionallyOfOneCode()
    {
        using var client = await StaffAsync();

        var all = await client.GetAsync($"/broadcasts/{_broadcastId}/failures.csv", Ct);
        var allLines = await LinesAsync(all);
        var one = await client.GetAsync($"/broadcasts/{_broadcastId}/failures.csv?code=41019", Ct);
        var oneLines = await LinesAsync(one);
        var none = await LinesAsync(await client.GetAsync($"/broadcasts/{_broadcastId}/failures.csv?code=10002", Ct));

        Assert.Equal(["+4915400000002", "+4915400000003"], allLines.Select(l => l.Split(',')[0]));
        Assert.Equal($"broadcast-{_broadcastId}-failures.csv", all.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Single(oneLines);
        Assert.Contains(",41019,The image has no caption: write one,2,", oneLines[0], StringComparison.Ordinal);
        Assert.Equal($"broadcast-{_broadcastId}-failures-41019.csv", one.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Empty(none);
    }

    [Fact]
    public async Task HostileNameAndProviderMessages_ReachTheSpreadsheetAsText()
    {
        using var client = await StaffAsync();

        var lines = await LinesAsync(await client.GetAsync($"/broadcasts/{_broadcastId}/failures.csv", Ct));

        // The same treatment as the recipients' export: a leading ' and the cell quoted where it holds a comma or quote.
        Assert.StartsWith("+4915400000002,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",Failed,", lines[0], StringComparison.Ordinal);
        Assert.Contains(",'-1+1 caption missing,req-2", lines[0], StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1:A9),req-3", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, "(^|,)[=+@-][^0-9]")); // no cell starts a formula
    }

    [Theory]
    [InlineData("deliveries.csv")]
    [InlineData("failures.csv")]
    public async Task UnknownBroadcast_Is404(string file)
    {
        using var client = await StaffAsync();

        var response = await client.GetAsync($"/broadcasts/999999/{file}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("phone,name", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownState_IsABadRequest()
    {
        using var client = await StaffAsync();

        var response = await client.GetAsync($"/broadcasts/{_broadcastId}/deliveries.csv?state=Lost", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
