using BotHub.Admin.Data;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration;

/// <summary>
/// <see cref="ChannelTestApp"/> (one channel with an API key and a webhook secret from configuration) over a data
/// folder the test owns, so the folder outlives the app (a restart, a copy); with or without a key ring certificate.
/// </summary>
public sealed class KeyRingApp(string dataFolder, string? certificate) : ChannelTestApp
{
    public string DataFolder => dataFolder;

    public string Database => Path.Combine(dataFolder, "bothub.db");

    public string KeyFolder => Path.Combine(dataFolder, "keys");

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var s = base.Settings;
            s["ConnectionStrings:Default"] = $"Data Source={Database};Pooling=False";
            if (certificate is not null)
            {
                foreach (var (key, value) in TestCertificate.Settings(certificate))
                {
                    s[key] = value;
                }
            }

            return s;
        }
    }

    /// <summary>
    /// Besides the configured key and secret, two keys added through the keys page's service; returns every secret the app
    /// now holds in clear.
    /// </summary>
    public async Task<HashSet<string>> StoreSecretsAsync(CancellationToken ct)
    {
        var channel = await Services.GetRequiredService<ChannelDirectory>().FindAsync(BotPhone, ct);
        Assert.NotNull(channel);
        var keys = Services.GetRequiredService<ChannelKeys>();
        var actor = new AuditActor("user-1", AdminEmail, "127.0.0.1");
        var added = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var result = await keys.AddAsync(channel.Id, null, actor, ct);
            Assert.True(result.Ok, result.Error?.ToString());
            added.Add(result.Secret!);
        }

        return [ApiKey, WebhookSecret, .. added];
    }

    /// <summary>The secrets as the app itself decrypts them now.</summary>
    public async Task<HashSet<string>> SecretsInUseAsync(CancellationToken ct)
    {
        var channel = await Services.GetRequiredService<ChannelDirectory>().FindAsync(BotPhone, ct);
        Assert.NotNull(channel);
        return [.. channel.EnabledApiKeys, .. channel.WebhookSecrets];
    }

    public DataAtRest DataAtRest => Services.GetRequiredService<DataAtRest>();
}
