namespace BotHub.Admin.Tests.Architecture;

/// <summary>
/// Keeps the code to docs/architecture.md: every reference between parts follows an allowed arrow, and no parts form a
/// cycle. DRAFT (branch "boundaries"): the rules below are the target; today's code breaks them, which is what issue 19
/// fixes. Run it to list what is left.
/// </summary>
public sealed class BoundaryTests
{
    /// <summary>What each part may use (besides itself). The shell (Host, Components, Layout) may use anything.</summary>
    public static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Resources"] = [],
        ["Common"] = ["Resources"],
        ["Localization"] = ["Resources"],
        ["Security"] = ["Resources"],
        ["Data"] = ["Security"],
        ["Clock"] = ["Resources", "Data"],
        ["Audit"] = ["Data", "Security", "Resources", "Clock"],
        ["Provider"] = ["Security", "Resources"],
        ["Sandbox"] = ["Provider", "Security"],
        ["Channels"] = ["Provider", "Audit", "Data", "Security", "Resources", "Clock"],
        ["Recipients"] = ["Channels", "Provider", "Audit", "Data", "Security", "Resources", "Clock"],
        ["Webhook"] = ["Provider", "Channels", "Recipients", "Data", "Security"],
        ["Tiers"] = ["Channels", "Data", "Resources", "Clock", "Audit"],
        ["Sending"] = ["Provider", "Channels", "Recipients", "Tiers", "Audit", "Data", "Security", "Resources", "Webhook"],
        ["Compose"] = ["Sending", "Recipients", "Channels", "Tiers", "Provider", "Audit", "Data", "Security", "Resources", "Clock"],
        ["Broadcasts"] = ["Sending", "Compose", "Channels", "Recipients", "Tiers", "Provider", "Audit", "Data", "Security", "Resources", "Clock"],
        ["Dashboard"] = ["Broadcasts", "Sending", "Channels", "Tiers", "Provider", "Data", "Resources", "Clock"],
        ["Sessions"] = ["Audit", "Data", "Security", "Resources", "Clock"],
        ["Users"] = ["Sessions", "Audit", "Data", "Security", "Resources", "Clock"],
        ["Account"] = ["Users", "Sessions", "Audit", "Data", "Security", "Localization", "Resources", "Clock"],
        ["Demo"] = ["Channels", "Recipients", "Sandbox", "Data"],
    };

    private static readonly HashSet<string> Shell = ["Host", "Components", "Layout"];

    [Fact]
    public void EveryReference_FollowsAnAllowedArrow()
    {
        var refs = FeatureGraph.Read(typeof(BotHub.Admin.Data.AppDbContext).Assembly.Location);
        var forbidden = refs.Where(r => !Shell.Contains(r.FromPart)
            && !(Allowed.TryGetValue(r.FromPart, out var to) && to.Contains(r.ToPart))).ToList();
        var text = string.Join(Environment.NewLine, forbidden.GroupBy(r => $"{r.FromPart} → {r.ToPart}")
            .Select(g => $"{g.Key} ({g.Count()}):{Environment.NewLine}    " + string.Join(Environment.NewLine + "    ", g.Take(2000))));
        Assert.True(forbidden.Count == 0, $"{forbidden.Count} references the picture forbids:{Environment.NewLine}{text}");
    }
}
