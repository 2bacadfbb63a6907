using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BotHub.Admin.Tests.Contract;

/// <summary>One request as the listener read it off the wire.</summary>
public sealed record PlainRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A bare HTTP/1.1 server on 127.0.0.1 that does not decode chunked bodies, as some providers' servers do not: a
/// request with <c>Transfer-Encoding: chunked</c> or without <c>Content-Length</c> is answered 411 Length Required with
/// an empty body. Otherwise it reads exactly Content-Length bytes and answers 200 with what <c>answer</c> makes of the
/// request. One request per connection (it answers <c>Connection: close</c>); it serves a fixed number of requests and
/// then stops by itself, so a test can never leave it running.
/// </summary>
public sealed class PlainHttpListener : IAsyncDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<PlainRequest, string> _answer;
    private readonly CancellationTokenSource _stop;
    private readonly List<PlainRequest> _seen = [];
    private readonly Task _serving;

    /// <param name="requests">How many requests it serves before it stops.</param>
    /// <param name="answer">The JSON body of the 200 answer to an accepted request.</param>
    public PlainHttpListener(int requests, Func<PlainRequest, string> answer, CancellationToken ct)
    {
        _answer = answer;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _stop.CancelAfter(TimeSpan.FromSeconds(30)); // a stuck client cannot keep it alive past this
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _serving = ServeAsync(requests);
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<PlainRequest> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
            // stopped before it served them all: the test has already failed or finished
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(int requests)
    {
        try
        {
            for (var i = 0; i < requests; i++)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = client.GetStream();
                await ServeOneAsync(stream, _stop.Token);
            }
        }
        finally
        {
            _listener.Stop();
        }
    }

    private async Task ServeOneAsync(NetworkStream stream, CancellationToken ct)
    {
        var (head, rest) = await ReadHeadAsync(stream, ct);
        var lines = head.Split("\r\n");
        var start = lines[0].Split(' ');
        var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);

        var chunked = headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        if (chunked || !headers.TryGetValue("Content-Length", out var lengthText) || !int.TryParse(lengthText, out var length))
        {
            if (chunked)
            {
                await DrainChunksAsync(stream, rest, ct); // read, not decoded: so the client is not reset mid-body
            }

            Record(new PlainRequest(start[0], start[1], headers, [], 411));
            await WriteAsync(stream, "411 Length Required", "", ct);
            return;
        }

        var body = new byte[length];
        var have = Math.Min(rest.Length, length);
        rest.AsSpan(0, have).CopyTo(body);
        await stream.ReadExactlyAsync(body.AsMemory(have), ct);
        var request = new PlainRequest(start[0], start[1], headers, body, 200);
        Record(request);
        await WriteAsync(stream, "200 OK", _answer(request), ct);
    }

    private void Record(PlainRequest request)
    {
        lock (_seen)
        {
            _seen.Add(request);
        }
    }

    /// <summary>The request line and headers (ASCII), and whatever of the body came in the same reads.</summary>
    private static async Task<(string Head, byte[] BodyStart)> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxHeaderBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0)
            {
                throw new IOException("the client closed the connection before the end of the headers");
            }

            filled += read;
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(buffer, 0, end), buffer[(end + 4)..filled]);
            }
        }

        throw new IOException($"headers longer than {MaxHeaderBytes} bytes");
    }

    /// <summary>Reads up to the last chunk ("0" CRLF CRLF) without decoding anything.</summary>
    private static async Task DrainChunksAsync(NetworkStream stream, byte[] rest, CancellationToken ct)
    {
        var seen = new List<byte>(rest);
        var buffer = new byte[4096];
        while (!seen.ToArray().AsSpan().EndsWith("0\r\n\r\n"u8) && seen.Count < 1024 * 1024)
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                return;
            }

            seen.AddRange(buffer.AsSpan(0, read));
        }
    }

    private static async Task WriteAsync(NetworkStream stream, string status, string json, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var type = body.Length > 0 ? "Content-Type: application/json\r\n" : "";
        var head = $"HTTP/1.1 {status}\r\n{type}Content-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }
}
