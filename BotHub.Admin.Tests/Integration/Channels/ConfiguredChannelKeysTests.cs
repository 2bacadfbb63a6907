using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BotHub.Admin.Tests.Integration.Channels;

/// <summary>A channel declared under Bsp:Channels: its settings, configured key and declared webhook secret are the configuration's.</summary>
public sealed class ConfiguredChannelKeysTests(ChannelTestApp app) : IClassFixture<ChannelTestApp>
{
    private static readonly AuditActor Admin = new("admin-1", "admin@test.local", "10.1.2.3");

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<(int ChannelId, int KeyId)> ConfiguredAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BotHub.Admin.Data.AppDbContext>>().CreateDbContextAsync(Ct);
        var channel = await db.Channels.AsNoTracking().Include(c => c.Keys).SingleAsync(c => c.BotPhone == ChannelTestApp.BotPhone, Ct);
        return (channel.Id, channel.Keys.Single(k => k.FromConfiguration).Id);
    }

    [Fact]
    public async Task SettingsConfiguredKeyAndDeclaredSecret_AreRefused_WithTheReason()
    {
        var (channelId, keyId) = await ConfiguredAsync();
        var editor = app.Services.GetRequiredService<ChannelEditor>();
        var keys = app.Services.GetRequiredService<ChannelKeys>();

        var edit = await editor.UpdateAsync(channelId, new ChannelForm { Name = "Changed", TimeZone = "UTC", Tier = 3 }, Admin, Ct);
        var delete = await editor.DeleteAsync(channelId, Admin, Ct);
        var disable = await keys.SetEnabledAsync(keyId, false, Admin, Ct);
        var deleteKey = await keys.DeleteAsync(keyId, Admin, Ct);
        var secret = await app.Services.GetRequiredService<ChannelAdmin>().NewWebhookSecretAsync(channelId, Admin, Ct);

        Assert.Equal(ChannelError.FromConfiguration, edit.Error);
        Assert.Equal(ChannelError.FromConfiguration, delete.Error);
        Assert.Equal(ChannelError.KeyFromConfiguration, disable.Error);
        Assert.Equal(ChannelError.KeyFromConfiguration, deleteKey.Error);
        Assert.Equal(ChannelError.SecretFromConfiguration, secret.Error);
        var summary = (await app.Services.GetRequiredService<ChannelSummaries>().ListAsync(Ct)).Single(c => c.Id == channelId);
        Assert.True(summary.FromConfiguration);
        Assert.True(summary.SecretFromConfiguration);
        Assert.Equal("Test bot", summary.Name);
    }

    [Fact]
    public async Task AKeyAddedInTheUi_OnAConfiguredChannel_CanBeManaged()
    {
        var (channelId, configured) = await ConfiguredAsync();
        var keys = app.Services.GetRequiredService<ChannelKeys>();

        var added = await keys.RotateAsync(configured, "sk-ui-key-on-config-channel-5555", Admin, Ct);
        var info = await app.Services.GetRequiredService<ChannelDirectory>().FindAsync(ChannelTestApp.BotPhone, Ct);

        Assert.True(added.Ok);
        Assert.Equal(["sk-ui-key-on-config-channel-5555", ChannelTestApp.ApiKey], info!.EnabledApiKeys);
        Assert.True((await keys.SetEnabledAsync(added.Id!.Value, false, Admin, Ct)).Ok);
        Assert.True((await keys.DeleteAsync(added.Id.Value, Admin, Ct)).Ok);
        var left = await app.Services.GetRequiredService<ChannelDirectory>().FindAsync(ChannelTestApp.BotPhone, Ct);
        Assert.Equal([ChannelTestApp.ApiKey], left!.EnabledApiKeys);
        Assert.Equal(channelId, left.Id);
    }
}
