using System.Security.Claims;
using BotHub.Admin.Features.Channels;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Resources;
using Microsoft.Extensions.Localization;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Features.Recipients.Csv;

public static class RecipientCsvEndpoints
{
    /// <summary>The page's downloads: the export of a filter, and an import's rejected rows.</summary>
    public static void MapRecipientCsv(this WebApplication app)
    {
        app.MapGet("/recipients/export.csv", async (HttpContext context, RecipientExporter exporter, ChannelDirectory channels,
            string? search, string? tag, OptInStatus? optIn, int? channel) =>
        {
            var zone = channel is { } id ? (await channels.ListAsync(context.RequestAborted)).FirstOrDefault(c => c.Id == id)?.Zone : null;
            var filter = new RecipientFilter(search, tag, optIn, zone is null ? null : channel, zone);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"recipients.csv\"";
            await exporter.ExportAsync(context.Response.Body, filter, context.User.Identity?.Name, context.RequestAborted);
        }).RequireAuthorization(Policies.Staff);

        // Rejects are kept an hour and for the latest imports only: past that, say so in plain words rather than a bare 404.
        app.MapGet("/recipients/rejects/{id:guid}", (Guid id, HttpContext context, ImportRejectsStore store, IStringLocalizer<Strings> l) =>
            store.Find(id, context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "") is { } csv
                ? Results.File(csv, "text/csv; charset=utf-8", "rejected-rows.csv")
                : Results.Text(l["Import.Rejects.Gone", (int)ImportRejectsStore.Keep.TotalMinutes, ImportRejectsStore.MaxFiles],
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound)).RequireAuthorization(Policies.Staff);
    }
}
