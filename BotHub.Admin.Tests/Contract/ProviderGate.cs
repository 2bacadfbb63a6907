using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BotHub.Admin.Tests.Contract;

/// <summary>
/// A TCP gate in front of a server on loopback (the sandbox), on a port of its own that stays the same while the gate
/// closes and opens: the provider going away and coming back. Open, it forwards each connection to the target, byte for
/// byte. <see cref="Close"/> stops listening, so a new connection to its port is refused by the kernel (RST to the SYN:
/// the client's connect fails with "Connection refused" within a millisecond), and resets every connection it was
/// forwarding (requests in flight lose their answers; the provider may have acted on them). <see cref="Open"/> listens
/// again on the same port. A closed port records nothing: the requests a client tried while the gate was closed are
/// on the client's side only (the outage test reads them from the app's log).
/// </summary>
public sealed class ProviderGate : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<long, (Socket Client, Socket Upstream)> _live = new();
    private Socket? _listener;
    private long _lastConnection;
    private long _connections;

    private ProviderGate(IPEndPoint target, Socket listener)
    {
        _target = target;
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        BaseUrl = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");
        _ = AcceptLoopAsync(listener);
    }

    /// <summary>The gate's address, e.g. http://127.0.0.1:23456/: give this to the client as the provider's.</summary>
    public Uri BaseUrl { get; }

    public int Port { get; }

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _listener is not null;
            }
        }
    }

    /// <summary>Connections forwarded so far (accepted while open).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>
    /// A gate to <paramref name="target"/> (loopback), on a free port below the kernel's range of ephemeral ports, so
    /// no outgoing connection of any process on the machine can take the port while the gate is closed.
    /// </summary>
    public static ProviderGate Start(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var endPoint = new IPEndPoint(IPAddress.Loopback, target.Port);
        var (low, _) = EphemeralRange();
        var random = new Random();
        for (var i = 0; i < 200; i++)
        {
            var port = random.Next(Math.Max(1024, low - 12_000), low);
            if (TryListen(port) is { } listener)
            {
                return new ProviderGate(endPoint, listener);
            }
        }

        return new ProviderGate(endPoint, TryListen(0) ?? throw new InvalidOperationException("No port to listen on."));
    }

    /// <summary>The provider goes away: its port refuses connections, and every connection it had is reset.</summary>
    public void Close()
    {
        Socket? listener;
        lock (_gate)
        {
            listener = _listener;
            _listener = null;
        }

        listener?.Dispose();
        foreach (var id in _live.Keys)
        {
            if (_live.TryRemove(id, out var pair))
            {
                Reset(pair.Client);
                Reset(pair.Upstream);
            }
        }
    }

    /// <summary>The provider comes back on the same port.</summary>
    public void Open()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            // The port may still have connections in TIME_WAIT from before the outage: then SO_REUSEADDR (which .NET
            // sets with SO_REUSEPORT on Linux, so not for the first bind: that could share another's port).
            var listener = TryListen(Port) ?? TryListen(Port, reuse: true) ?? throw new InvalidOperationException($"Port {Port} could not be listened on again.");
            _listener = listener;
            _ = AcceptLoopAsync(listener);
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client, listener);
        }
    }

    private async Task ForwardAsync(Socket client, Socket acceptedBy)
    {
        client.NoDelay = true;
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var id = Interlocked.Increment(ref _lastConnection);
        try
        {
            await upstream.ConnectAsync(_target);
            lock (_gate)
            {
                // Closed meanwhile: this connection belongs to the time before the outage; it goes with it.
                if (!ReferenceEquals(_listener, acceptedBy))
                {
                    Reset(client);
                    Reset(upstream);
                    return;
                }

                _live[id] = (client, upstream);
            }

            Interlocked.Increment(ref _connections);
            using var done = new CancellationTokenSource();
            var up = PumpAsync(client, upstream, done.Token);
            var down = PumpAsync(upstream, client, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Reset by Close, or the target went away: the client sees its connection end.
        }
        finally
        {
            if (_live.TryRemove(id, out _))
            {
                client.Dispose();
                upstream.Dispose();
            }
            else
            {
                Reset(client);
                Reset(upstream);
            }
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, ct);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>Closes with a linger of 0: the peer gets an RST, as when the provider's host drops the connection.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private static Socket? TryListen(int port, bool reuse = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (reuse)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(512);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Linux's range of ports given to outgoing connections (32768–60999 unless configured).</summary>
    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999);
        }
    }
}
