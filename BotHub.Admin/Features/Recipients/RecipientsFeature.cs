using BotHub.Admin.Features.Recipients.Csv;
using BotHub.Admin.Features.Provider;

namespace BotHub.Admin.Features.Recipients;

/// <summary>Settings under "Recipients".</summary>
public sealed class RecipientsOptions
{
    public const string Section = "Recipients";

    /// <summary>ISO 3166 region (e.g. CN) for numbers typed without a country code; empty: such numbers are refused.</summary>
    public string? DefaultRegion { get; set; }
}

public static class RecipientsFeature
{
    public static void AddRecipients(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecipientsOptions>().BindConfiguration(RecipientsOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.DefaultRegion)
                    || PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(o.DefaultRegion.Trim().ToUpperInvariant()),
                "Recipients:DefaultRegion must be an ISO 3166 region code such as CN, US or DE.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new PhoneNormalizer(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RecipientsOptions>>().Value.DefaultRegion));
        builder.Services.AddSingleton<RecipientQuery>();
        builder.Services.AddRecipientCsv();
        builder.Services.AddSingleton<RecipientBulk>();
        builder.Services.AddSingleton<RecipientDetailsQuery>();
        builder.Services.AddSingleton<SavedSelections>();
        builder.Services.AddSingleton<Channels.IChannelReferences, InboundChannelReferences>();
    }

    public static void MapRecipients(this WebApplication app) => app.MapRecipientCsv();
}
