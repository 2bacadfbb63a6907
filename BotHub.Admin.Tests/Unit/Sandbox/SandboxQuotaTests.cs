using System.Text.Json;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Provider.Sandbox;
using BotHub.Admin.Tests.Infrastructure;
using static BotHub.Admin.Tests.Unit.Sandbox.SandboxAnswerAssert;

namespace BotHub.Admin.Tests.Unit.Sandbox;

/// <summary>The tier's daily quota of distinct users, the channel's day, and the pre-send check.</summary>
public sealed class SandboxQuotaTests
{
    // A channel whose day turns at 16:00 UTC; a custom zone, so the test needs no tz database.
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");

    private readonly SandboxRig _rig = new(new SandboxOptions { TierLimits = [3, 5, 8] }, tier: 2, zone: Shanghai);

    private static IEnumerable<string> Users(int from, int count) => Enumerable.Range(from, count).Select(SandboxRig.UserNo);

    private async Task EveryoneWritesAsync(IEnumerable<string> users)
    {
        foreach (var user in users)
        {
            await _rig.WritesAsync(user);
        }
    }

    [Fact]
    public async Task Quota_AtTheTiersLimit_TheNextNewUserIsRefused80001Subcode1WithHttp400()
    {
        await EveryoneWritesAsync(Users(1, 6));
        Assert.All(await _rig.SendToAllAsync(Users(1, 5)), IsAccepted);

        var refused = await _rig.SendAsync(SandboxMessages.Text(to: SandboxRig.UserNo(6)));

        IsError(refused, 400, 80001, "daily quota exceeded", subcode: 1);
        Assert.Equal(5, _rig.Stats.NotifiedPerDay["2026-03-02"]);
    }

    [Fact]
    public async Task Quota_AUserAlreadyNotifiedToday_CostsNothing_EvenWhenTheQuotaIsUsedUp()
    {
        await EveryoneWritesAsync(Users(1, 5));
        await _rig.SendToAllAsync(Users(1, 5));

        Assert.All(await _rig.SendToAllAsync([SandboxRig.UserNo(1), SandboxRig.UserNo(1), SandboxRig.UserNo(5)]), IsAccepted);
        Assert.Equal(5, _rig.Stats.NotifiedPerDay["2026-03-02"]);
        Assert.Equal(8, _rig.Stats.Accepted);
    }

    [Fact]
    public async Task Quota_ARefusedSend_CostsNothing()
    {
        await EveryoneWritesAsync(Users(1, 4));
        IsError(await _rig.SendAsync(SandboxMessages.Text(to: SandboxRig.UserNo(1), body: "")), 400, 41015);
        IsError(await _rig.SendAsync(SandboxMessages.Text(to: SandboxRig.UserNo(9))), 400, 10100, "no_message_today", 2);

        Assert.All(await _rig.SendToAllAsync(Users(1, 4)), IsAccepted);
        Assert.Equal(4, _rig.Stats.NotifiedPerDay["2026-03-02"]);
    }

    [Fact]
    public async Task Quota_ARefusalForQuota_LeavesTheIdUsableTomorrow()
    {
        await EveryoneWritesAsync(Users(1, 6));
        await _rig.SendToAllAsync(Users(1, 5));
        var late = SandboxMessages.Text(to: SandboxRig.UserNo(6));
        IsError(await _rig.SendAsync(late), 400, 80001);

        _rig.Time.Advance(TimeSpan.FromDays(1));
        await _rig.WritesAsync(SandboxRig.UserNo(6));

        IsAccepted(await _rig.SendAsync(late));
    }

    [Fact]
    public async Task DayBoundary_InTheChannelsZone_ResetsQuotaAndOptIn()
    {
        _rig.Time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 15, 59, 0, TimeSpan.Zero)); // 23:59 in the channel's zone
        await EveryoneWritesAsync(Users(1, 6));
        await _rig.SendToAllAsync(Users(1, 5));
        IsError(await _rig.SendAsync(SandboxMessages.Text(to: SandboxRig.UserNo(6))), 400, 80001);

        _rig.Time.Advance(TimeSpan.FromMinutes(1)); // 00:00 on 3 March there, still 2 March in UTC

        IsError(await _rig.SendAsync(SandboxMessages.Text(to: SandboxRig.UserNo(1))), 400, 10100, "no_message_today", 2);
        await EveryoneWritesAsync(Users(6, 5));
        Assert.All(await _rig.SendToAllAsync(Users(6, 5)), IsAccepted);
        Assert.Equal(5, _rig.Stats.NotifiedPerDay["2026-03-02"]);
        Assert.Equal(5, _rig.Stats.NotifiedPerDay["2026-03-03"]);
    }

    [Fact]
    public async Task Tier_TakesItsOwnLimit()
    {
        _rig.Channels.Set(new SandboxChannel(SandboxMessages.Bot, [SandboxMessages.Key], 1, Shanghai));
        await EveryoneWritesAsync(Users(1, 4));

        var answers = await _rig.SendToAllAsync(Users(1, 4));

        Assert.Equal([200, 200, 200, 400], answers.Select(a => a.Status));
        var defaults = new SandboxOptions();
        Assert.Equal((1000, 10_000, 100_000), (defaults.LimitFor(1), defaults.LimitFor(2), defaults.LimitFor(3)));
    }

    [Fact]
    public async Task Check_UserWhoDidNotWrite_CanPushFalseWithReason_ThenTrueOnceTheyWrite()
    {
        var before = await _rig.CheckAsync(SandboxMessages.Check());
        await _rig.WritesAsync();
        var after = await _rig.CheckAsync(SandboxMessages.Check());

        Assert.Equal("""{"result":true,"data":{"to":"+8613900000001","can_push":false,"reason":"no_message_today"}}""", Json(before));
        Assert.Equal("""{"result":true,"data":{"to":"+8613900000001","can_push":true}}""", Json(after));
        Assert.Equal(2, _rig.Stats.Checks);
    }

    [Fact]
    public async Task Check_UserWhoWroteStop_CanPushFalseOptedOut()
    {
        await _rig.WritesAsync(text: "退订");
        var answer = await _rig.CheckAsync(SandboxMessages.Check());

        Assert.Contains("\"reason\":\"opted_out\"", Json(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingIdOrTo_Refused41006Or41007_RepeatedId409()
    {
        IsError(await _rig.CheckAsync(new System.Text.Json.Nodes.JsonObject { ["to"] = SandboxMessages.User }), 400, 41006);
        IsError(await _rig.CheckAsync(new System.Text.Json.Nodes.JsonObject { ["id"] = "c-1" }), 400, 41007);
        IsError(await _rig.CheckAsync(SandboxMessages.Check(to: "0044 20")), 400, 10100);
        IsError(await _rig.CheckAsync(SandboxMessages.Check(), key: "wrong"), 401, 10002);
        var check = SandboxMessages.Check();
        Assert.Equal(200, (await _rig.CheckAsync(check)).Status);
        IsError(await _rig.CheckAsync(check), 409, 10011, "Request already processed");
    }

    private static string Json(SandboxAnswer answer) => JsonSerializer.Serialize(answer.Body, ProviderJsonContext.Wire.ProviderResponse);
}
