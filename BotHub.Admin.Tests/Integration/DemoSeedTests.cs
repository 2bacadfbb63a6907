using BotHub.Admin.Data;
using BotHub.Admin.Features.Demo;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Integration;

public sealed class DemoSeedTests(DemoSeedTests.App app) : IClassFixture<DemoSeedTests.App>
{
    public sealed class App : TestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Demo:Seed"] = "true";
                return s;
            }
        }
    }

    [Fact]
    public async Task FreshDatabase_GetsADemoChannel_Recipients_AndTodaysInboundThroughTheWebhook()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int inbound;
        do
        {
            await Task.Delay(200, ct);
            await using var poll = await factory.CreateDbContextAsync(ct);
            inbound = await poll.InboundMessages.CountAsync(ct);
        }
        while (inbound < DemoSeed.WritingToday && DateTime.UtcNow < deadline);

        await using var db = await factory.CreateDbContextAsync(ct);
        var channel = await db.Channels.SingleAsync(ct);
        Assert.Equal(DemoSeed.BotPhone, channel.BotPhone);
        Assert.Equal(DemoSeed.RecipientCount, await db.Recipients.CountAsync(ct));
        Assert.Equal(DemoSeed.WritingToday, inbound);

        // Those who wrote today and are opted in are eligible now; the opted-out ones among them are not.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(channel.TimeZone);
        var eligible = await app.Services.GetRequiredService<RecipientQuery>().CountEligibleAsync(channel.Id, zone, ct);
        Assert.Equal(DemoSeed.WritingToday - (DemoSeed.WritingToday / 10), eligible);
    }
}
