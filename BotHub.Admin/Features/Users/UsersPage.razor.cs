using BotHub.Admin.Components.Common;
using BotHub.Admin.Components;
using MudBlazor;

namespace BotHub.Admin.Features.Users;

public sealed partial class UsersPage
{
    /// <summary>The person's clock: the created and last sign-in times are shown in their zone, named in the column.</summary>
    [Microsoft.AspNetCore.Components.CascadingParameter]
    private BotHub.Admin.Features.Clock.UserClock Clock { get; set; } = default!;

    private static readonly DialogOptions FormOptions = new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true };
    private IReadOnlyList<UserRow>? _users;

    private IReadOnlyList<string> _twoFactorConfigured = [];
    private bool _twoFactorForAll;

    protected override async Task OnInitializedAsync()
    {
        (_twoFactorConfigured, _twoFactorForAll) = await Admin.GetTwoFactorRequirementAsync();
        await ReloadAsync();
    }

    private async Task SetTwoFactorForAllAsync(bool on)
    {
        await Admin.SetTwoFactorForEveryRoleAsync(on);
        _twoFactorForAll = on;
        Snackbar.Add(on ? L["Users.TwoFactorForAll.On"] : L["Users.TwoFactorForAll.Off"], Severity.Success);
    }

    private async Task ReloadAsync() => _users = await Admin.ListAsync();

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<UserFormDialog>(L["Users.New"], new DialogParameters<UserFormDialog>
        {
            { x => x.User, null },
        }, FormOptions);
        if (await dialog.Result is { Canceled: false, Data: UserAdminResult result })
        {
            await ShowPasswordOnceAsync(result.Password, result.Email);
            Snackbar.Add(L["Users.Created.Done"], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task EditRolesAsync(UserRow user)
    {
        var dialog = await Dialogs.ShowAsync<UserFormDialog>(L["Users.EditRolesOf", user.Email], new DialogParameters<UserFormDialog>
        {
            { x => x.User, user },
        }, FormOptions);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Users.Roles.Done"], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task ResetPasswordAsync(UserRow user)
    {
        if (await Confirm(L["Users.ResetPassword"], L["Users.ResetPassword.Confirm", user.Email], L["Users.ResetPassword"]))
        {
            var result = await Admin.ResetPasswordAsync(user.Id, null);
            await ShowOutcomeAsync(result, L["Users.ResetPassword.Done"]);
            await ShowPasswordOnceAsync(result.Password, user.Email);
        }
    }

    private async Task UnlockAsync(UserRow user) => await ShowOutcomeAsync(await Admin.UnlockAsync(user.Id), L["Users.Unlock.Done"]);

    private async Task SetDisabledAsync(UserRow user, bool disabled)
    {
        if (disabled && !await Confirm(L["Users.Disable"], L["Users.Disable.Confirm", user.Email], L["Users.Disable"]))
        {
            return;
        }

        await ShowOutcomeAsync(await Admin.SetDisabledAsync(user.Id, disabled), disabled ? L["Users.Disable.Done"] : L["Users.Enable.Done"]);
    }

    private async Task DeleteAsync(UserRow user)
    {
        if (await Dialogs.ConfirmAsync(L, L["Users.DeleteOf", user.Email], L["Users.Delete.Confirm", user.Email], L["Users.Delete"], destructive: true))
        {
            await ShowOutcomeAsync(await Admin.DeleteAsync(user.Id), L["Users.Delete.Done", user.Email]);
        }
    }

    private async Task ShowOutcomeAsync(UserAdminResult result, string success)
    {
        Snackbar.Add(result.Ok ? success : result.Error ?? "", result.Ok ? Severity.Success : Severity.Error);
        await ReloadAsync();
    }

    private async Task ShowPasswordOnceAsync(string? password, string? email)
    {
        if (password is not null)
        {
            var dialog = await Dialogs.ShowAsync<PasswordOnceDialog>(L["Users.PasswordOnce.TitleFor", email ?? ""],
                new DialogParameters<PasswordOnceDialog> { { x => x.Password, password }, { x => x.Email, email ?? "" } });
            await dialog.Result;
        }
    }

    private async Task<bool> Confirm(string title, string text, string yes) =>
        await Dialogs.ConfirmAsync(L, title, text, yes);
}
