using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Features.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BotHub.Admin.Tests.Unit.Sending;

/// <summary>
/// One request for a delivery alone, against a provider played by a fake HTTP handler: the decoded outcome and the attempt
/// to record, timed on a driven clock.
/// </summary>
public sealed class ProviderCallTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly SendingChannel Channel = new(3, "Shop", "+8613800000000", TimeZoneInfo.Utc, 1, 20, 20, true);
    private static readonly SendingKey Key = new("key-abc", 42);
    private static readonly WorkItem Item = new(11, 5, 9, "+4915100000001", "0f3c6d2e9a4b4d1c8e7f6a5b4c3d2e1f", "Hello", 0, "botchat", "text",
        null, null, 0, null, OptInStatus.OptedIn, null, false);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(Now);

    private sealed class Provider(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add((request, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private sealed class Fixed<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    private ProviderCall Call(Provider provider)
    {
        var options = new Fixed<BspOptions>(new BspOptions { BaseUrl = "http://provider.test/v1" });
        var endpoint = new BspEndpoint(options, new ServiceCollection().BuildServiceProvider());
#pragma warning disable CA2000 // the client owns the handler; both live as long as the test
        var client = new ProviderClient(new HttpClient(provider), options, endpoint, NullLogger<ProviderClient>.Instance);
#pragma warning restore CA2000
        return new ProviderCall(client, _time);
    }

    private static string? Field(string json, string name)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty(name).GetString();
    }

    [Fact]
    public async Task Send_Accepted_TheMessageWithItsOwnIdAndTheKey_AndAnAttemptWithoutError()
    {
        var provider = new Provider(HttpStatusCode.OK, """{"result":true,"data":{}}""");

        var send = await Call(provider).SendAsync(Channel, Key, Item, _ct);

        Assert.Equal((OutcomeKind.Accepted, (int?)200, (DecodedError?)null), (send.Outcome.Kind, send.Outcome.HttpStatus, send.Outcome.Error));
        Assert.Equal(Now, send.At);
        var a = send.Attempt;
        Assert.Equal((AttemptKind.Send, (int?)42, Now.UtcDateTime, OutcomeKind.Accepted, (int?)200, (int?)null, (string?)null),
            (a.Kind, a.ApiKeyId, a.AtUtc, a.Outcome, a.HttpStatus, a.Code, a.RequestId));
        var (request, body) = Assert.Single(provider.Seen);
        Assert.Equal("http://provider.test/v1/channels/%2B8613800000000/messages", request.RequestUri!.AbsoluteUri);
        Assert.Equal(["key-abc"], request.Headers.GetValues("APIKEY"));
        Assert.Equal((Item.MessageId, Item.Phone, Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            (Field(body, "id"), Field(body, "to"), Field(body, "timestamp")));
    }

    [Fact]
    public async Task Send_InternalErrorWithA500_Transient_DecodedWithItsRequestId()
    {
        var provider = new Provider(HttpStatusCode.InternalServerError,
            """{"error":{"code":10000,"error_subcode":0,"type":"","message":"internal error","request_id":35122312158}}""");

        var send = await Call(provider).SendAsync(Channel, Key, Item, _ct);

        Assert.Equal(OutcomeKind.Transient, send.Outcome.Kind);
        Assert.False(send.Outcome.IsSuccess);
        Assert.Equal((10000, ErrorClass.Transient, "35122312158"), (send.Outcome.Error!.Code, send.Outcome.Error.Class, send.Outcome.Error.RequestId));
        Assert.Equal((OutcomeKind.Transient, (int?)500, (int?)10000, "internal error", "35122312158"),
            (send.Attempt.Outcome, send.Attempt.HttpStatus, send.Attempt.Code, send.Attempt.ProviderMessage, send.Attempt.RequestId));
    }

    [Fact]
    public async Task Send_MissingTo_Rejected_ForGood_WithTheProvidersMessageClippedTo500()
    {
        var message = "to missing " + new string('x', 600);
        var provider = new Provider(HttpStatusCode.BadRequest, "{\"error\":{\"code\":41007,\"error_subcode\":0,\"type\":\"\",\"message\":\"" + message + "\"}}");

        var send = await Call(provider).SendAsync(Channel, Key, Item, _ct);

        Assert.Equal(OutcomeKind.Rejected, send.Outcome.Kind);
        Assert.Equal(41007, send.Outcome.Error!.Code);
        Assert.Equal((OutcomeKind.Rejected, (int?)400, (int?)41007), (send.Attempt.Outcome, send.Attempt.HttpStatus, send.Attempt.Code));
        Assert.Equal(message[..500], send.Attempt.ProviderMessage);
    }

    [Fact]
    public async Task Check_UserMayNotGetAPush_AcceptedWithTheReason_AskedWithAFreshIdEachTime()
    {
        var provider = new Provider(HttpStatusCode.OK, """{"result":true,"data":{"to":"+4915100000001","can_push":false,"reason":"not a user"}}""");
        var call = Call(provider);

        var check = await call.CheckAsync(Channel, Key, Item, _ct);
        await call.CheckAsync(Channel, Key, Item, _ct);

        Assert.Equal((OutcomeKind.Accepted, false, "not a user"), (check.Outcome.Kind, check.CanPush, check.Reason));
        Assert.Equal((AttemptKind.Check, (int?)42, OutcomeKind.Accepted, Now.UtcDateTime), (check.Attempt.Kind, check.Attempt.ApiKeyId, check.Attempt.Outcome, check.Attempt.AtUtc));
        Assert.Equal(Now, check.At);
        Assert.Equal("http://provider.test/v1/channels/%2B8613800000000/contacts/check", provider.Seen[0].Request.RequestUri!.AbsoluteUri);
        var ids = provider.Seen.Select(s => Field(s.Body, "id")).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.NotEqual(ids[0], ids[1]);
        Assert.NotEqual(Item.MessageId, ids[0]);
        Assert.Equal(Item.Phone, Field(provider.Seen[0].Body, "to"));
    }
}
