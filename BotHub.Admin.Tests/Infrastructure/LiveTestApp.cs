using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Tests.Integration.Sending;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>
/// <see cref="EngineTestApp"/> (engine on, the sandbox inside, real time) with retries that end quickly, for watching a
/// broadcast's page in a browser: a transient failure is tried again after 0.3 to 1 s, and fails for good at its second attempt.
/// </summary>
public sealed class LiveTestApp : EngineTestApp
{
    public const string StaffEmail = "live.staff@test.local";
    public const string StaffPassword = "live staff passphrase";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _staff;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var s = base.Settings;
            s["Sending:FirstRetryDelay"] = "00:00:00.300";
            s["Sending:MaxRetryDelay"] = "00:00:01";
            s["Sending:MaxAttempts"] = "2";
            return s;
        }
    }

    /// <summary>The staff member the browser signs in as (made once per app).</summary>
    public async Task EnsureStaffAsync()
    {
        await _gate.WaitAsync(Xunit.TestContext.Current.CancellationToken);
        try
        {
            if (!_staff)
            {
                await CreateUserAsync(StaffEmail, StaffPassword);
                _staff = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A channel (about noon in its zone) whose sender allows itself this many requests a second.</summary>
    public async Task<(int Id, string Bot)> ChannelAtAsync(int ratePerSecond, CancellationToken ct)
    {
        var (id, bot) = await CreateChannelAsync(ct);
        await using var db = await DbAsync(ct);
        await db.Channels.Where(c => c.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RatePerSecond, ratePerSecond).SetProperty(c => c.Burst, ratePerSecond), ct);
        return (id, bot);
    }

    /// <summary>
    /// Pauses and resumes a broadcast scheduled for tomorrow: the first pause and resume in the app's life JIT-compile their
    /// code and have EF Core compile their queries (about half a second on a loaded 2-core machine, once per process), so a
    /// test that times a pause afterwards times what staff meet every other time.
    /// </summary>
    public async Task WarmUpControlAsync(int channelId, string user, CancellationToken ct)
    {
        var id = await BroadcastAsync(channelId, [user], ct, m => (m.ScheduleLocal, m.ScheduleZone) = (DateTime.UtcNow.AddDays(1), "UTC"));
        var control = Services.GetRequiredService<BroadcastControl>();
        var actor = new AuditActor("user-1", "staff@test.local", "127.0.0.1");
        Assert.Equal(ControlResult.Done, await control.PauseAsync(id, actor, ct));
        Assert.Equal(ControlResult.Done, await control.ResumeAsync(id, actor, ct));
        Assert.Equal(ControlResult.Done, (await control.CancelAsync(id, actor, ct)).Result);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _gate.Dispose();
    }
}
