using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BotHub.Admin.Features.Recipients.Csv;

public static class RecipientCsvFeature
{
    /// <summary>The CSV import and export services (they need the recipients' and the audit log's services).</summary>
    public static IServiceCollection AddRecipientCsv(this IServiceCollection services)
    {
        services.TryAddSingleton<RecipientImporter>();
        services.TryAddSingleton<RecipientExporter>();
        services.TryAddSingleton<ImportRejectsStore>();
        return services;
    }
}
