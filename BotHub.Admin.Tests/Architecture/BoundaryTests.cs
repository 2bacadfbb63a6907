namespace BotHub.Admin.Tests.Architecture;

/// <summary>
/// Keeps the code to docs/architecture.md: every reference between parts follows an arrow of the picture, and no parts
/// form a cycle. A failure names each offending type, what it uses and where (a field, a signature, a method's body).
/// </summary>
public sealed class BoundaryTests
{
    private static readonly string[] Text = ["Resources", "Localization"];
    private static readonly string[] Page = ["Resources", "Localization", "Common", "Clock", "Security", "Data"];

    /// <summary>
    /// What each part may use besides itself: the table of docs/architecture.md. The shell (Host, Components, Layout)
    /// puts the parts together and may use any; no part may use the shell.
    /// </summary>
    public static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Resources"] = [],
        ["Localization"] = ["Resources"],
        ["Common"] = [.. Text],
        ["Security"] = [.. Text],
        ["Data"] = ["Security", .. Text],
        ["Clock"] = ["Data", .. Text],
        ["Audit"] = [.. Page],
        ["Provider"] = ["Security", .. Text],
        ["Sandbox"] = ["Provider", "Security", .. Text],
        ["Channels"] = ["Provider", "Audit", .. Page],
        ["Recipients"] = ["Channels", "Provider", "Audit", .. Page],
        ["Webhook"] = ["Recipients", "Channels", "Provider", .. Page],
        ["Tiers"] = ["Recipients", "Channels", "Provider", "Audit", .. Page],
        ["Sending"] = ["Webhook", "Tiers", "Recipients", "Channels", "Provider", "Audit", .. Page],
        ["Compose"] = ["Sending", "Tiers", "Recipients", "Channels", "Provider", "Audit", .. Page],
        ["Broadcasts"] = ["Compose", "Sending", "Tiers", "Recipients", "Channels", "Provider", "Audit", .. Page],
        ["Dashboard"] = ["Broadcasts", "Sending", "Tiers", "Recipients", "Channels", "Provider", "Audit", .. Page],
        ["Sessions"] = ["Audit", .. Page],
        ["Users"] = ["Sessions", "Audit", .. Page],
        ["Account"] = ["Users", "Sessions", "Audit", .. Page],
        ["Demo"] = ["Sandbox", "Webhook", "Recipients", "Channels", "Provider", .. Page],
    };

    public static readonly HashSet<string> Shell = ["Host", "Components", "Layout"];

    private static readonly Lazy<IReadOnlyList<PartReference>> References =
        new(() => FeatureGraph.Read(typeof(BotHub.Admin.Data.AppDbContext).Assembly.Location));

    [Fact]
    public void EveryReference_FollowsAnArrowOfThePicture()
    {
        var forbidden = Forbidden(References.Value);
        Assert.True(forbidden.Count == 0, $"{forbidden.Count} references the picture forbids:{Environment.NewLine}{Describe(forbidden)}");
    }

    [Fact]
    public void NoPartsFormACycle()
    {
        var cycles = FeatureGraph.Cycles(References.Value.Where(r => !Shell.Contains(r.FromPart) && !Shell.Contains(r.ToPart)).ToList());
        Assert.True(cycles.Count == 0, "Parts that use each other in a circle:" + Environment.NewLine + string.Join(Environment.NewLine, cycles));
    }

    [Fact]
    public void ThePicture_HasNoCycle_AndNamesEveryPartOfTheCode()
    {
        var arrows = Allowed.SelectMany(p => p.Value.Select(to => new PartReference(p.Key, p.Key, to, to, "the table"))).ToList();
        Assert.Empty(FeatureGraph.Cycles(arrows));
        var unknown = References.Value.SelectMany(r => new[] { r.FromPart, r.ToPart })
            .Where(p => !Shell.Contains(p) && !Allowed.ContainsKey(p)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "Parts missing from the table: " + string.Join(", ", unknown));
    }

    [Fact]
    public void TheTableInTheDocs_IsThisTable()
    {
        var docs = DocsTable();
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), docs.Keys.Order(StringComparer.Ordinal));
        foreach (var (part, uses) in Allowed)
        {
            Assert.True(uses.Order(StringComparer.Ordinal).SequenceEqual(docs[part].Order(StringComparer.Ordinal)),
                $"docs/architecture.md lets {part} use [{string.Join(", ", docs[part])}]; the test, [{string.Join(", ", uses)}].");
        }
    }

    [Fact]
    public void AForbiddenReference_IsCaught_WithItsTypeAndPlace()
    {
        // The engine reaching back into the broadcast pages, and the provider into the engine: both are arrows backwards.
        var added = new[]
        {
            new PartReference("Sending", "Features.Sending.ChannelWorker", "Broadcasts", "Features.Broadcasts.BroadcastPage", "field _page"),
            new PartReference("Provider", "Features.Provider.ProviderClient", "Sending", "Features.Sending.Delivery", "SendAsync parameter"),
        };
        var forbidden = Forbidden(References.Value.Concat(added));
        Assert.Equal(added, forbidden);
        var cycle = Assert.Single(FeatureGraph.Cycles([.. References.Value, added[0]]));
        Assert.Contains("Sending → Broadcasts: Features.Sending.ChannelWorker → Features.Broadcasts.BroadcastPage (field _page)", cycle, StringComparison.Ordinal);
    }

    /// <summary>The references that break the table (the shell may use any part; nothing may use the shell).</summary>
    public static List<PartReference> Forbidden(IEnumerable<PartReference> references) =>
        [.. references.Where(r => !Shell.Contains(r.FromPart) && !(Allowed.TryGetValue(r.FromPart, out var to) && to.Contains(r.ToPart)))];

    /// <summary>The "May use" column of each row of the table in docs/architecture.md: "| **Part** | owns | A, B, C |".</summary>
    private static Dictionary<string, string[]> DocsTable()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BotHub.Admin.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(dir.FullName, "docs", "architecture.md")))
        {
            var cells = line.Split('|');
            if (cells.Length == 5 && cells[1].Trim() is var name && name.StartsWith("**", StringComparison.Ordinal) && !name.Contains(',', StringComparison.Ordinal))
            {
                rows[name.Trim('*')] = [.. cells[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }
        }

        return rows;
    }

    private static string Describe(List<PartReference> refs) =>
        string.Join(Environment.NewLine, refs.GroupBy(r => $"{r.FromPart} → {r.ToPart}").Select(g =>
            $"{g.Key} ({g.Count()}):{Environment.NewLine}    " + string.Join(Environment.NewLine + "    ", g.Take(20))));
}
