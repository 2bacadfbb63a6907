using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Tests.Contract;

/// <summary>
/// The real <see cref="SandboxServer"/> on 127.0.0.1:&lt;free port&gt; on the system clock, with raw HTTP helpers.
/// As a class fixture it has the provider's default bucket; each test takes its own channel so figures do not mix.
/// </summary>
public sealed class SandboxTestServer : IAsyncLifetime
{
    private static int _lastBot = 10_000_000;

    public SandboxTestServer()
        : this(new SandboxOptions())
    {
    }

    private SandboxTestServer(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Port = 0;
        Faults = new SandboxFaults(new Random(20260302));
        Provider = new SandboxProvider(Channels, Faults, Options.Create(options), TimeProvider.System);
        Server = new SandboxServer(Provider, Inbound, Options.Create(options), TimeProvider.System);
    }

    public StaticSandboxChannels Channels { get; } = new();

    public SandboxFaults Faults { get; }

    public RecordingSandboxInboundSink Inbound { get; } = new();

    public SandboxProvider Provider { get; }

    public SandboxServer Server { get; }

    public HttpClient Http { get; private set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<SandboxTestServer> StartAsync(SandboxOptions? options = null)
    {
        var server = new SandboxTestServer(options ?? new SandboxOptions());
        await server.InitializeAsync();
        return server;
    }

    public async ValueTask InitializeAsync()
    {
        await Server.StartAsync(Ct);
        Http = NewClient();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A client of its own, e.g. with a short time-out to give up on a hanging request; it sends the control token.</summary>
    public HttpClient NewClient(TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Server.BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(SandboxControl.HeaderName, Server.ControlToken);
        return client;
    }

    /// <summary>A channel no other test uses, with key <see cref="SandboxMessages.Key"/>.</summary>
    public string NewChannel(int tier = 1)
    {
        var bot = "+86138" + Interlocked.Increment(ref _lastBot).ToString("D8", CultureInfo.InvariantCulture);
        Channels.Set(new SandboxChannel(bot, [SandboxMessages.Key], tier, TimeZoneInfo.Utc));
        return bot;
    }

    public static HttpRequestMessage Post(string path, string body, string? key = SandboxMessages.Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("APIKEY", key);
        }

        return request;
    }

    public Task<Reply> SendAsync(string bot, JsonNode message, string? key = SandboxMessages.Key, HttpClient? client = null) =>
        CallAsync(client ?? Http, Post($"/channels/{bot}/messages", message.ToJsonString(), key));

    public Task<Reply> CheckAsync(string bot, JsonNode check, string? key = SandboxMessages.Key) =>
        CallAsync(Http, Post($"/channels/{bot}/contacts/check", check.ToJsonString(), key));

    /// <summary>POST /_sandbox/inbound: the user writes to the channel.</summary>
    public Task<Reply> WritesAsync(string bot, string user = SandboxMessages.User, string text = "hello") =>
        CallAsync(Http, Post("/_sandbox/inbound", new JsonObject { ["bot"] = bot, ["from"] = user, ["name"] = "Mei", ["text"] = text }.ToJsonString(), key: null));

    public Task<Reply> PutFaultsAsync(string json) =>
        CallAsync(Http, new HttpRequestMessage(HttpMethod.Put, "/_sandbox/faults") { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    public async Task<JsonObject> StatsAsync(string bot) =>
        JsonNode.Parse(await Http.GetStringAsync(new Uri("/_sandbox/stats", UriKind.Relative), Ct))!["channels"]![bot]!.AsObject();

    public static async Task<Reply> CallAsync(HttpClient client, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(client);
        using (request)
        {
            using var response = await client.SendAsync(request, Ct);
            return new((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Content.Headers.ContentType);
        }
    }
}

/// <summary>An answer as it came over the wire.</summary>
public sealed record Reply(int Status, string Raw, MediaTypeHeaderValue? ContentType)
{
    public JsonNode Json => JsonNode.Parse(Raw)!;

    public int? Code => (int?)Json["error"]?["code"];

    public void IsError(int status, int code, string? message = null)
    {
        Assert.True((Status, Code) == (status, code), $"expected HTTP {status} code {code}, got {Status}: {Raw}");
        if (message is not null)
        {
            Assert.Equal(message, (string?)Json["error"]!["message"]);
        }
    }
}
