using System.Globalization;
using BotHub.Admin.Data;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using BotHub.Admin.Features.Channels;

namespace BotHub.Admin.Features.Sending;

/// <summary>A paused channel: the provider's code is what is kept and shown, decoded in the reader's language.</summary>
public sealed record PausedChannel(int Id, string Name, string BotPhone, DateTime PausedUtc, DecodedError Error)
{
    public int Code => Error.Code;
}

/// <summary>Channels the engine paused, with the decoded reason: what the banner on every page shows.</summary>
public sealed class PausedChannels(IDbContextFactory<AppDbContext> factory)
{
    public async Task<IReadOnlyList<PausedChannel>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Channels.AsNoTracking().Where(c => c.PausedUtc != null).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.BotPhone, c.PausedUtc, c.PausedCode, c.PausedMessage }).ToListAsync(ct);
        return rows.Select(c => new PausedChannel(c.Id, c.Name, c.BotPhone, c.PausedUtc!.Value,
            DecodedError.Of(c.PausedCode ?? 0, message: c.PausedMessage))).ToList();
    }
}

/// <summary>Why a channel is paused and what fixes it, said once, from the stored code, in the page's language.</summary>
public static class PausedText
{
    /// <summary>"Channel Sales (+8613800000000) is paused: the provider refused its API key (10002)."</summary>
    public static string Title(IStringLocalizer<Strings> l, PausedChannel channel)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(channel);
        return l["Paused.Title", channel.Name, channel.BotPhone, Why(l, channel.Code), channel.Code.ToString(CultureInfo.InvariantCulture)];
    }

    /// <summary>"the provider refused its API key": the reason, to go after "paused:".</summary>
    public static string Why(IStringLocalizer<Strings> l, int code)
    {
        ArgumentNullException.ThrowIfNull(l);
        var why = l[$"Paused.Why.{code.ToString(CultureInfo.InvariantCulture)}"];
        return why.ResourceNotFound ? l["Paused.Why.Other"].Value : why.Value;
    }

    /// <summary>What an admin does about it, then that nothing was lost.</summary>
    public static string WhatToDo(IStringLocalizer<Strings> l, int code)
    {
        ArgumentNullException.ThrowIfNull(l);
        return l[code switch
        {
            10006 => "Paused.WhatToDo.Bot",
            10004 or 10005 => "Paused.WhatToDo.Call",
            _ => "Paused.WhatToDo.Key",
        }];
    }
}
