using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace BotHub.Admin.Features.Security;

/// <summary>
/// Settings under "ForwardedHeaders": the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
/// Empty (the default): none is, and the app sees the connection as it is. The host name is not taken from a proxy:
/// it forwards the browser's Host header, which AllowedHosts checks.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies, e.g. "10.0.0.5" or "::1".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public static IEnumerable<string> Split(IEnumerable<string> entries) =>
        entries.SelectMany(e => e.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions o)
    {
        var errors = ProxyOptions.Split(o.KnownProxies).Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"ForwardedHeaders:KnownProxies has '{p}', which is not an IP address (e.g. 10.0.0.5).")
            .Concat(ProxyOptions.Split(o.KnownNetworks).Where(n => !System.Net.IPNetwork.TryParse(n, out _))
                .Select(n => $"ForwardedHeaders:KnownNetworks has '{n}', which is not a network in CIDR form (e.g. 10.0.0.0/24)."))
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class ForwardedHeadersSetup
{
    public static void AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxies) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what the settings name is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            // Through every listed proxy of a chain, and no further: the first address not listed is the client.
            o.ForwardLimit = null;
            foreach (var p in ProxyOptions.Split(proxies.Value.KnownProxies))
            {
                if (IPAddress.TryParse(p, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }

            foreach (var n in ProxyOptions.Split(proxies.Value.KnownNetworks))
            {
                if (System.Net.IPNetwork.TryParse(n, out var network))
                {
                    o.KnownIPNetworks.Add(network);
                }
            }
        });
    }
}
