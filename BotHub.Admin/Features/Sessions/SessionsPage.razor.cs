using System.Globalization;
using BotHub.Admin.Features.Audit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BotHub.Admin.Features.Sessions;

public sealed partial class SessionsPage
{
    private IReadOnlyList<SessionRow>? _rows;
    private string? _current;
    private string _userId = "";

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    [CascadingParameter]
    private Clock.UserClock Clock { get; set; } = default!;

    [Inject]
    private IOptions<SessionOptions> Options { get; set; } = default!;

    private int Others => _rows?.Count(r => r.Id != _current) ?? 0;

    private string Lifetime => Options.Value.AbsoluteSessionLifetime.TotalHours.ToString("0.#", CultureInfo.CurrentCulture);

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState).User;
        _current = SessionTicketStore.IdOf(user);
        _userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        await ReloadAsync();
    }

    private async Task ReloadAsync() => _rows = await Sessions.ListAsync(_userId);

    private async Task EndAsync(SessionRow row)
    {
        var what = $"{BrowserName.Describe(row.UserAgent)}, {row.Address}";
        if (await Dialogs.ShowMessageBoxAsync(L["Sessions.End"], L["Sessions.End.Confirm", what], yesText: L["Sessions.End"],
                cancelText: L["Common.Cancel"]) != true)
        {
            return;
        }

        if (await Sessions.EndAsync(_userId, row.Id, SessionEnd.EndedByUser))
        {
            await Audit.WriteAsync(await Actor.GetAsync(), AuditKind.SessionEnded, null, AuditText.Of("AuditDetail.SessionEnded", LogSafe(what)));
        }

        Snackbar.Add(L["Sessions.End.Done"], Severity.Success);
        await ReloadAsync();
    }

    private async Task EndOthersAsync()
    {
        if (await Dialogs.ShowMessageBoxAsync(L["Sessions.EndOthers"], L["Sessions.EndOthers.Confirm", Others],
                yesText: L["Sessions.EndOthers"], cancelText: L["Common.Cancel"]) != true)
        {
            return;
        }

        var ended = await Sessions.EndAllAsync(_userId, SessionEnd.EndedByUser, keep: _current);
        await Audit.WriteAsync(await Actor.GetAsync(), AuditKind.OtherSessionsEnded, null,
            AuditText.Of("AuditDetail.SessionsEnded", ended));
        Snackbar.Add(L["Sessions.EndOthers.Done", ended], Severity.Success);
        await ReloadAsync();
    }

    private string Time(DateTime utc) => Clock.Named(utc);

    private static string LogSafe(string text) => Security.TextCap.Cap(text, 2000)!;
}
