using Microsoft.AspNetCore.Components;

namespace BotHub.Admin.Features.Clock;

public static class ClockFeature
{
    /// <summary>The app's one clock: every service takes <see cref="TimeProvider"/>, tests put a driven one in its place.</summary>
    public static void AddClock(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddUserClock();
    }

    /// <summary>One <see cref="UserClock"/> per circuit (and per prerendered request), cascaded to every component.</summary>
    public static IServiceCollection AddUserClock(this IServiceCollection services)
    {
        services.AddScoped<UserClock>();
        services.AddCascadingValue(sp =>
        {
            var clock = sp.GetRequiredService<UserClock>();
            var source = new CascadingValueSource<UserClock>(clock, isFixed: false);
            clock.Attach(source);
            return source;
        });
        return services;
    }
}
