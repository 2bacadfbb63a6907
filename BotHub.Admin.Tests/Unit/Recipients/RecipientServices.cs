using BotHub.Admin.Features.Recipients.Csv;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Recipients;
using BotHub.Admin.Tests.Unit.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Tests.Unit.Recipients;

/// <summary>The recipients feature's services on a migrated temp Sqlite file, with a fake clock and seeding helpers.</summary>
public sealed class RecipientServices : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero); // 14:00 in Shanghai

    private RecipientServices(IdentityServices inner, FakeTimeProvider time)
    {
        Inner = inner;
        Time = time;
    }

    public IdentityServices Inner { get; }
    public FakeTimeProvider Time { get; }
    public IServiceProvider Provider => Inner.Provider;

    /// <param name="configure">More registrations, e.g. the compose feature's services.</param>
    public static async Task<RecipientServices> CreateAsync(CancellationToken ct, Action<IServiceCollection>? configure = null)
    {
        var time = new FakeTimeProvider(Now);
        var inner = await IdentityServices.CreateAsync(configure: s =>
        {
            s.AddSingleton<TimeProvider>(time);
            AddRecipientServices(s);
            configure?.Invoke(s);
        }, ct: ct);
        return new RecipientServices(inner, time);
    }

    /// <summary>What the page needs besides the database (the app registers these in AddRecipients and the channels feature).</summary>
    public static void AddRecipientServices(IServiceCollection s)
    {
        s.AddSingleton<RecipientQuery>();
        s.AddSingleton<RecipientBulk>();
        s.AddSingleton<RecipientDetailsQuery>();
        s.AddSingleton<ChannelSecrets>();
        s.AddSingleton<ChannelDirectory>();
        s.AddSingleton(new PhoneNormalizer("CN"));
        s.AddRecipientCsv();
        s.AddSingleton<SavedSelections>();
        s.AddSingleton<ChannelReferences>();
        s.AddSingleton<IChannelReferences, InboundChannelReferences>();
        s.AddSingleton<IChannelReferences, BotHub.Admin.Features.Sending.BroadcastChannelReferences>();
        s.AddSingleton<IKeyRequests, BotHub.Admin.Features.Sending.KeyRequests>();
    }

    public T Get<T>()
        where T : notnull => Inner.Get<T>();

    public Task<AppDbContext> DbAsync(CancellationToken ct) => Inner.CreateDbContextAsync(ct);

    /// <summary>Adds recipients +4915100000001, ... with names "Person 1", ..., each with the given tags and state.</summary>
    public async Task<List<int>> SeedAsync(int count, OptInStatus optIn, string[] tags, CancellationToken ct, int first = 1)
    {
        await using var db = await DbAsync(ct);
        var rows = Enumerable.Range(first, count).Select(i => new Recipient
        {
            Phone = $"+49151{i:D8}",
            Name = $"Person {i}",
            OptIn = optIn,
            CreatedUtc = Now.UtcDateTime.AddDays(-i),
            Tags = tags.Select(t => new RecipientTag { Tag = t }).ToList(),
        }).ToList();
        db.Recipients.AddRange(rows);
        await db.SaveChangesAsync(ct);
        return rows.Select(r => r.Id).ToList();
    }

    public async Task<int> AddChannelAsync(string name, string zone, CancellationToken ct)
    {
        await using var db = await DbAsync(ct);
        var channel = new Channel { Name = name, BotPhone = "+8613800000000", TimeZone = zone, CreatedUtc = Now.UtcDateTime };
        db.Channels.Add(channel);
        await db.SaveChangesAsync(ct);
        return channel.Id;
    }

    public async Task AddInboundAsync(int recipientId, int channelId, DateTime atUtc, CancellationToken ct)
    {
        await using var db = await DbAsync(ct);
        db.RecipientActivity.Add(new RecipientChannelActivity { RecipientId = recipientId, ChannelId = channelId, LastInboundUtc = atUtc });
        db.InboundMessages.Add(new InboundMessage
        {
            ChannelId = channelId, RecipientId = recipientId, ProviderMessageId = $"m-{recipientId}-{atUtc.Ticks}",
            From = "+4915100000000", Text = "hello there", SentUtc = atUtc, ReceivedUtc = atUtc,
        });
        await db.SaveChangesAsync(ct);
    }

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
