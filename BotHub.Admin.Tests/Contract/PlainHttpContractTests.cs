using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BotHub.Admin.Features.Provider;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Contract;

/// <summary>
/// The real provider client against a server that refuses chunked bodies (issue 16, item 6): every request must carry
/// a Content-Length, or such a provider answers 411 or reads an empty body and refuses every message.
/// </summary>
public sealed class PlainHttpContractTests
{
    private const string Bot = "+8613800000009";
    private const string User = "+8613911110001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAndCheck_AreAccepted_WithAContentLengthEqualToTheBody_AndNoChunkedEncoding()
    {
        await using var listener = new PlainHttpListener(2, Answer, Ct);
        await using var services = ClientFor(listener.BaseUrl);
        var client = services.GetRequiredService<ProviderClient>();
        var message = ClientOnSandbox.Text(User, body: "您好 +1");
        var check = new CheckRequest { Id = Guid.NewGuid().ToString("N"), To = User };

        var sent = await client.SendAsync(Bot, "plain-key", message, Ct);
        var checkedUser = await client.CheckAsync(Bot, "plain-key", check, Ct);

        Assert.True(sent.Kind == OutcomeKind.Accepted, $"send: {sent.Kind} {sent.HttpStatus} {sent.Error}");
        Assert.True(checkedUser.Outcome.Kind == OutcomeKind.Accepted, $"check: {checkedUser.Outcome.Kind} {checkedUser.Outcome.HttpStatus}");
        Assert.True(checkedUser.CanPush);

        var seen = listener.Seen;
        Assert.Equal(2, seen.Count);
        Assert.All(seen, r =>
        {
            Assert.Equal(200, r.Status);
            Assert.Null(r.Header("Transfer-Encoding"));
            Assert.Equal(r.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Header("Content-Length"));
            Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
            Assert.Equal("plain-key", r.Header("APIKEY"));
        });

        Assert.Equal($"/channels/{Uri.EscapeDataString(Bot)}/messages", seen[0].Path);
        var sentBody = JsonSerializer.Deserialize(seen[0].Body, ProviderJsonContext.Default.SendRequest)!;
        Assert.Equal((message.Id, User, "您好 +1"), (sentBody.Id, sentBody.To, sentBody.Text?.Body));

        Assert.EndsWith("/contacts/check", seen[1].Path, StringComparison.Ordinal);
        var checkBody = JsonSerializer.Deserialize(seen[1].Body, ProviderJsonContext.Default.CheckRequest)!;
        Assert.Equal((check.Id, User), (checkBody.Id, checkBody.To));
    }

    /// <summary>The listener itself: a chunked body (what JsonContent sends) is refused, so the test above can fail.</summary>
    [Fact]
    public async Task Listener_RefusesAChunkedBody_With411()
    {
        await using var listener = new PlainHttpListener(1, Answer, Ct);
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(listener.BaseUrl, "/channels/x/messages"), JsonContent.Create(new { id = "1" }), Ct);

        Assert.Equal(HttpStatusCode.LengthRequired, response.StatusCode);
        var seen = Assert.Single(listener.Seen);
        Assert.Equal("chunked", seen.Header("Transfer-Encoding"));
    }

    /// <summary>The provider's success JSON; for the check, the user it was asked about and can_push true.</summary>
    private static string Answer(PlainRequest request)
    {
        if (!request.Path.EndsWith("/contacts/check", StringComparison.Ordinal))
        {
            return """{"result":true,"data":{}}""";
        }

        var to = JsonSerializer.Deserialize(request.Body, ProviderJsonContext.Default.CheckRequest)?.To;
        return $$$"""{"result":true,"data":{"to":"{{{to}}}","can_push":true}}""";
    }

    private static ServiceProvider ClientFor(Uri baseUrl)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bsp:Mode"] = "Live",
            ["Bsp:BaseUrl"] = baseUrl.ToString(),
            ["Bsp:RequestTimeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<BspEndpoint>();
        services.AddOptions<BspOptions>().BindConfiguration(BspOptions.Section);
        services.AddHttpClient<ProviderClient>(h => h.Timeout = Timeout.InfiniteTimeSpan);
        return services.BuildServiceProvider();
    }
}
