using System.Text;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration;

public sealed class SecretsAtRestTests(ChannelTestApp app) : IClassFixture<ChannelTestApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApiKeyAndWebhookSecret_AreNotInTheDatabaseFiles_YetDecryptForUse()
    {
        var directory = app.Services.GetRequiredService<ChannelDirectory>();
        var channel = await directory.FindAsync(ChannelTestApp.BotPhone, Ct);
        Assert.NotNull(channel);
        Assert.Equal([ChannelTestApp.ApiKey], channel.EnabledApiKeys);
        Assert.Contains(ChannelTestApp.WebhookSecret, channel.WebhookSecrets);

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct))
        {
            var key = await db.ApiKeys.SingleAsync(Ct);
            Assert.Equal("4242", key.Last4);
            Assert.DoesNotContain(ChannelTestApp.ApiKey, key.ProtectedValue, StringComparison.Ordinal);
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
            {
                var bytes = await File.ReadAllBytesAsync(path, Ct);
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(ChannelTestApp.ApiKey)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(ChannelTestApp.WebhookSecret)));
            }
        }
    }

    [Fact]
    public async Task ApiKey_NeverAppearsInTheLogs_EvenWhenARequestFails()
    {
        var client = app.Services.GetRequiredService<ProviderClient>();
        var outcome = await client.SendAsync(ChannelTestApp.BotPhone, ChannelTestApp.ApiKey, new SendRequest
        {
            Id = "m-" + Guid.NewGuid().ToString("N"), To = "+8613911110000", Timestamp = "1700000000", Source = "botchat",
            Type = "text", Text = new TextBody { Body = "hi" },
        }, Ct);

        // Nothing listens on port 9: a network failure, decoded as 80002 and transient.
        Assert.Equal(OutcomeKind.Transient, outcome.Kind);
        Assert.Equal(80002, outcome.Error!.Code);
        Assert.NotEmpty(app.Logs.Lines);
        Assert.Contains(app.Logs.Lines, l => l.Contains("Send m-", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(ChannelTestApp.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(ChannelTestApp.WebhookSecret, StringComparison.Ordinal));
    }
}
