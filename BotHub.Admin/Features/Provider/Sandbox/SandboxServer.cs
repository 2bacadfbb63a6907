using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Provider.Sandbox;

/// <summary>
/// The sandbox's own small web server on 127.0.0.1, apart from the app's pipeline (no auth, no Blazor, no
/// security headers): it must look to the app's HTTP client exactly like the remote provider.
/// </summary>
public sealed class SandboxServer(
    SandboxProvider provider,
    ISandboxInboundSink sink,
    IOptions<SandboxOptions> options,
    TimeProvider time,
    ILogger<SandboxServer>? logger = null) : IAsyncDisposable, IInProcessProvider
{
    /// <summary>Bodies here are a few kilobytes; a bound keeps a runaway client from filling memory.</summary>
    public const long MaxBodyBytes = 1 << 20;

    private WebApplication? _app;
    private Uri? _baseUrl;
    private readonly bool _tokenConfigured = !string.IsNullOrEmpty(options.Value.ControlToken);

    /// <summary>What the controls that change state (<c>PUT /_sandbox/faults</c>, <c>POST /_sandbox/inbound</c>) want in
    /// <see cref="SandboxControl.HeaderName"/>: Bsp:Sandbox:ControlToken, else a new one each run.</summary>
    public string ControlToken { get; } = options.Value.ControlToken is { Length: > 0 } token ? token : SandboxControl.NewToken();

    /// <summary>The bound address, e.g. http://127.0.0.1:41234/ (the real port when Port is 0).</summary>
    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("The sandbox server is not started.");

    public SandboxProvider Provider => provider;

    public async Task StartAsync(CancellationToken ct)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The sandbox server is already started.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // Its own settings only: the app's appsettings and ASPNETCORE_URLS must not move or reconfigure it.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Value.Port);
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
        });
        // Hanging (time-out fault) requests end on ApplicationStopping; this only bounds a stuck client.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        new SandboxEndpoints(provider, sink, time, logger, ControlToken, app.Lifetime.ApplicationStopping).Map(app);
        await app.StartAsync(ct);
        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _baseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        if (logger is not null)
        {
            SandboxLog.Listening(logger, _baseUrl);
            // A token of this run is shown once, to copy; one from configuration is the operator's already, and stays out of the log.
            var shown = _tokenConfigured ? "set by Bsp:Sandbox:ControlToken" : ControlToken;
            var curl = SandboxControl.CurlLine(_baseUrl, _tokenConfigured ? "$BSP_SANDBOX_TOKEN" : ControlToken);
            SandboxLog.ControlToken(logger, SandboxControl.HeaderName, shown, curl);
        }
    }

    /// <summary>A client of the sandbox's controls: its address, and this run's token on every request.</summary>
    public HttpClient NewControlClient()
    {
        var http = new HttpClient { BaseAddress = BaseUrl };
        http.DefaultRequestHeaders.Add(SandboxControl.HeaderName, ControlToken);
        return http;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(ct);
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
