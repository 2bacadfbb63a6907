using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace BotHub.Admin.Features.Audit;

/// <summary>
/// The browser's IP address, read from the first HTTP request and handed to the interactive circuit
/// (where no HttpContext is available) by <c>Routes</c>.
/// </summary>
public sealed class ClientAddress
{
    public string? Value { get; set; }
}

/// <summary>The signed-in user of this circuit or request, as the audit log names them.</summary>
public sealed class CurrentActor(AuthenticationStateProvider auth, ClientAddress address)
{
    public async Task<AuditActor> GetAsync()
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        return new AuditActor(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name, address.Value);
    }

    public static AuditActor FromRequest(HttpContext context, string? userId = null, string? userName = null) =>
        new(userId ?? context.User.FindFirstValue(ClaimTypes.NameIdentifier),
            userName ?? context.User.Identity?.Name,
            context.Connection.RemoteIpAddress?.ToString());
}
