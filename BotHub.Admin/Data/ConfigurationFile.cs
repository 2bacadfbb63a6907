using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace BotHub.Admin.Data;

public static class ConfigurationFile
{
    /// <summary>
    /// The repository keeps one appsettings.json, at its root; the build copies it beside the app.
    /// Read that copy whatever the working directory, keeping its place among the sources so that
    /// environment variables and the command line still override it.
    /// </summary>
    public static void UseRootConfigurationFile(this WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var beside = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: "appsettings.json" } && File.Exists(beside))
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = "appsettings.json",
                    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                    Optional = false,
                    ReloadOnChange = false,
                };
                return;
            }
        }
    }
}
