namespace BotHub.Admin.Features.Demo;

public static class DemoFeature
{
    /// <summary>Demo:Seed, on by default in Development: a fresh database gets demo data (see <see cref="DemoSeed"/>).</summary>
    public static void AddDemo(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue("Demo:Seed", builder.Environment.IsDevelopment()))
        {
            builder.Services.AddSingleton<DemoSeed>();
            builder.Services.AddHostedService<DemoSeedService>();
        }
    }
}
