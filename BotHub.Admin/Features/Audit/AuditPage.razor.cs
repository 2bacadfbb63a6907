using BotHub.Admin.Components;
using BotHub.Admin.Features.Clock;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using BotHub.Admin.Components.Common;

namespace BotHub.Admin.Features.Audit;

public sealed partial class AuditPage
{
    [CascadingParameter]
    private UserClock Clock { get; set; } = default!;

    private MudDataGrid<AuditEntry>? _grid;
    private string? _user;
    private AuditKind? _kind;
    private DateRange? _range;

    private AuditFilter Filter => new(_user, _kind,
        _range?.Start is { } s ? DateOnly.FromDateTime(s) : null,
        _range?.End is { } e ? DateOnly.FromDateTime(e) : null, Clock.Zone);

    private string ExportHref
    {
        get
        {
            var f = Filter;
            return QueryLink.Build("/audit/export.csv",
                ("user", f.User),
                ("kind", f.Kind?.ToString()),
                ("from", f.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                ("to", f.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                ("zone", f.From is null && f.To is null ? null : Clock.ZoneName));
        }
    }

    private async Task<GridData<AuditEntry>> LoadAsync(GridState<AuditEntry> state, CancellationToken ct)
    {
        var (items, total) = await Query.PageAsync(Filter, state.Page, state.PageSize, ct);
        return new GridData<AuditEntry> { Items = items, TotalItems = total };
    }

    private Task OnUserChanged(string? user)
    {
        _user = user;
        return ReloadAsync();
    }

    private Task OnKindChanged(AuditKind? kind)
    {
        _kind = kind;
        return ReloadAsync();
    }

    private Task OnRangeChanged(DateRange? range)
    {
        _range = range;
        return ReloadAsync();
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    /// <summary>"broadcast 12", as the log keeps it, in the reader's language; other subjects (emails, numbers, names) as they are.</summary>
    private string? SubjectText(string? subject) =>
        AuditText.BroadcastIdOf(subject) is { } id ? L["Audit.Subject.Broadcast", id] : subject;

    private static Color KindColor(AuditKind kind) => kind switch
    {
        AuditKind.SignInFailed or AuditKind.LockedOut or AuditKind.UserDisabled => Color.Error,
        AuditKind.SignIn or AuditKind.SignOut => Color.Default,
        _ => Color.Info,
    };
}
