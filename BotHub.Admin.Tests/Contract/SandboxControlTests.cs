using System.Text;
using System.Text.Json.Nodes;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Contract;

/// <summary>
/// The sandbox's controls against a web page the operator visits: what a browser lets such a page send to 127.0.0.1
/// without asking (text/plain, no custom header) is refused and opts nobody in; JSON without this run's token too;
/// JSON with it is taken.
/// </summary>
public sealed class SandboxControlTests(SandboxTestServer sandbox) : IClassFixture<SandboxTestServer>
{
    private readonly string _bot = sandbox.NewChannel();
    private static int _lastUser;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CrossSiteTextPlainPost_IsRefused415_AndOptsNobodyIn()
    {
        var user = NewUser();
        using var page = Bare();
        using var request = Inbound(user, "text/plain");
        request.Headers.Add("Origin", "http://evil.example");

        var reply = await SandboxTestServer.CallAsync(page, request);

        Assert.Equal((415, "Content-Type must be application/json"), (reply.Status, (string?)reply.Json["problem"]));
        await AssertNotOptedInAsync(user);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task JsonPost_WithoutTheToken_IsRefused403_AndOptsNobodyIn(string? token)
    {
        var user = NewUser();
        using var client = Bare();
        using var request = Inbound(user, "application/json");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(SandboxControl.HeaderName, token);
        }

        var reply = await SandboxTestServer.CallAsync(client, request);

        Assert.Equal(403, reply.Status);
        Assert.Contains(SandboxControl.HeaderName, (string?)reply.Json["problem"], StringComparison.Ordinal);
        await AssertNotOptedInAsync(user);
    }

    [Fact]
    public async Task JsonPost_WithTheToken_IsTaken_AndTheUserMayBeSentTo()
    {
        var user = NewUser();
        using var client = Bare();
        using var request = Inbound(user, "application/json; charset=utf-8");
        request.Headers.Add(SandboxControl.HeaderName, sandbox.Server.ControlToken);

        var reply = await SandboxTestServer.CallAsync(client, request);

        Assert.Equal(200, reply.Status);
        Assert.True((bool)reply.Json["delivered"]!);
        Assert.Single(sandbox.Inbound.Messages, m => m.Bot == _bot && m.From == user);
        Assert.Equal(200, (await sandbox.SendAsync(_bot, SandboxMessages.Text(to: user))).Status);
    }

    [Fact]
    public async Task FaultsPut_WithoutTheToken_IsRefused_AndTheSettingsStay()
    {
        using var client = Bare();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/_sandbox/faults")
        {
            Content = new StringContent("""{"drop_rate":1}""", Encoding.UTF8, "application/json"),
        };

        var reply = await SandboxTestServer.CallAsync(client, request);

        Assert.Equal(403, reply.Status);
        Assert.Equal(0, sandbox.Faults.Settings.DropRate);
    }

    [Fact]
    public async Task Reads_NeedNoToken_ButSendNoCorsHeaders_SoAnotherSiteCannotReadThem()
    {
        using var page = Bare();
        foreach (var path in new[] { "/_sandbox/stats", "/_sandbox/faults" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", "http://evil.example");
            using var response = await page.SendAsync(request, Ct);

            Assert.Equal(200, (int)response.StatusCode);
            Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [InlineData("/_sandbox/stats", "GET")]
    [InlineData("/_sandbox/inbound", "POST")]
    public async Task Controls_AnswerNoForeignHostName_AsAfterDnsRebinding(string path, string method)
    {
        using var client = Bare();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Host = "evil.example";
        request.Headers.Add(SandboxControl.HeaderName, sandbox.Server.ControlToken);
        if (method == "POST")
        {
            request.Content = new StringContent(Body(NewUser()), Encoding.UTF8, "application/json");
        }

        var reply = await SandboxTestServer.CallAsync(client, request);

        Assert.Equal(403, reply.Status);
        Assert.Contains("Host", (string?)reply.Json["problem"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderCalls_TakeNoControlToken_AsTheSpecSays()
    {
        using var client = Bare();
        var reply = await SandboxTestServer.CallAsync(client, SandboxTestServer.Post($"/channels/{_bot}/contacts/check", SandboxMessages.Check().ToJsonString()));

        Assert.Equal(200, reply.Status);
    }

    /// <summary>A client as another page would be: the sandbox's address, no token.</summary>
    private HttpClient Bare() => new() { BaseAddress = sandbox.Server.BaseUrl };

    private HttpRequestMessage Inbound(string user, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/_sandbox/inbound") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body(user))) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    private string Body(string user) => new JsonObject { ["bot"] = _bot, ["from"] = user, ["name"] = "Eve", ["text"] = "hello" }.ToJsonString();

    private async Task AssertNotOptedInAsync(string user)
    {
        Assert.DoesNotContain(sandbox.Inbound.Messages, m => m.From == user);
        var check = await sandbox.CheckAsync(_bot, SandboxMessages.Check(to: user));
        Assert.Equal("no_message_today", (string?)check.Json["data"]!["reason"]);
    }

    private static string NewUser() => "+86137" + Interlocked.Increment(ref _lastUser).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
}
