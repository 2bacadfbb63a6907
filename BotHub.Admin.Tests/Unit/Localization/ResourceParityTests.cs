using System.Text.RegularExpressions;
using System.Xml.Linq;
using BotHub.Admin.Features.Audit;
using BotHub.Admin.Features.Broadcasts;
using BotHub.Admin.Features.Provider;
using BotHub.Admin.Features.Users;
using BotHub.Admin.Features.Sending;
using BotHub.Admin.Features.Compose;
using BotHub.Admin.Features.Security;

namespace BotHub.Admin.Tests.Unit.Localization;

/// <summary>Both languages carry every string, with the same placeholders, and every key the code asks for exists.</summary>
public sealed partial class ResourceParityTests
{
    private static readonly Lazy<string> RepoRoot = new(FindRepoRoot);

    private static string AppDir => Path.Combine(RepoRoot.Value, "BotHub.Admin");

    private static IReadOnlyDictionary<string, string> English => Load("Strings.resx");

    private static IReadOnlyDictionary<string, string> Chinese => Load("Strings.zh-Hans.resx");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BotHub.Admin.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No BotHub.Admin.sln above {AppContext.BaseDirectory}.");
    }

    private static Dictionary<string, string> Load(string file)
    {
        var doc = XDocument.Load(Path.Combine(AppDir, "Resources", file));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in doc.Root!.Elements("data"))
        {
            var name = (string)data.Attribute("name")!;
            Assert.True(result.TryAdd(name, (string?)data.Element("value") ?? ""), $"{file}: key '{name}' appears twice.");
        }

        Assert.NotEmpty(result);
        return result;
    }

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    // A whole literal key: the closing quote is followed by "]" or ", args"; "Mud." + key is a prefix, not a key.
    [GeneratedRegex(@"(?<![A-Za-z0-9_])[Ll]\[""([A-Za-z0-9_.]+)""\s*[\],]")]
    private static partial Regex LiteralKey();

    // A key handed to the audit log: AuditText.Of("Key", ...), or any literal "AuditDetail.*" (a field name passed along).
    [GeneratedRegex(@"AuditText\.Of\(""([A-Za-z0-9_.]+)""|""(AuditDetail\.[A-Za-z0-9_.]+)""")]
    private static partial Regex AuditKey();

    /// <summary>
    /// Values that are rightly the same in both languages, each with its reason. Anything else identical in the Chinese file is
    /// a string someone forgot to translate.
    /// </summary>
    private static readonly Dictionary<string, string> SameInBothLanguages = new(StringComparer.Ordinal)
    {
        ["Deliveries.Attempt.HttpStatus"] = "the protocol's name, HTTP, a column heading in both languages",
    };

    private static IEnumerable<string> AppSourceFiles() => Directory.EnumerateFiles(AppDir, "*.*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static SortedSet<string> Placeholders(string value) =>
        new(Placeholder().Matches(value).Select(m => m.Groups[1].Value), StringComparer.Ordinal);

    [Fact]
    public void EnglishKeys_EachHasNonEmptyChineseValue()
    {
        var chinese = Chinese;
        var missing = English.Keys.Where(k => !chinese.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).ToList();

        Assert.True(missing.Count == 0, "Missing or empty in Strings.zh-Hans.resx: " + string.Join(", ", missing));
    }

    [Fact]
    public void ChineseKeys_EachHasNonEmptyEnglishValue()
    {
        var english = English;
        var missing = Chinese.Keys.Where(k => !english.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).ToList();

        Assert.True(missing.Count == 0, "Missing or empty in Strings.resx: " + string.Join(", ", missing));
    }

    [Fact]
    public void ChineseValues_DifferFromEnglish_UnlessAllowListed()
    {
        var chinese = Chinese;
        var untranslated = English
            .Where(kv => chinese.TryGetValue(kv.Key, out var zh) && zh == kv.Value && !SameInBothLanguages.ContainsKey(kv.Key))
            .Select(kv => $"{kv.Key} = \"{kv.Value}\"")
            .ToList();

        Assert.True(untranslated.Count == 0, "Chinese value identical to the English (translate it, or allow-list it with a reason): "
            + string.Join("; ", untranslated));
        // The allow-list holds only keys that exist and are still the same, so it cannot hide anything by going stale.
        Assert.All(SameInBothLanguages.Keys, k => Assert.True(English.TryGetValue(k, out var en) && chinese[k] == en, $"Stale allow-list entry {k}"));
    }

    [Fact]
    public void AuditDetailKeysInCode_ExistInBothLanguages()
    {
        var english = English;
        var chinese = Chinese;
        var used = AppSourceFiles()
            .SelectMany(f => AuditKey().Matches(File.ReadAllText(f))
                .Select(m => (Key: m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, File: Path.GetRelativePath(AppDir, f))))
            .ToList();
        var missing = used.Where(u => !english.ContainsKey(u.Key) || !chinese.ContainsKey(u.Key))
            .Select(u => $"{u.Key} ({u.File})").Distinct().ToList();

        Assert.True(used.Count > 60, $"Only {used.Count} audit keys found: is the scan looking in the right place?");
        Assert.Contains(used, u => u.Key == "AuditDetail.Key.Added");
        Assert.Contains(used, u => u.Key == "AuditDetail.Field.timezone");
        Assert.True(missing.Count == 0, "Audit keys used in code but missing from a resource file: " + string.Join(", ", missing));
    }

    [Fact]
    public void InterpolatedAuditDetailKeys_ExistForEveryValue()
    {
        var english = English;
        var expected = Enum.GetNames<BotHub.Admin.Features.Recipients.Csv.ImportOutcome>().Select(v => $"AuditDetail.Import.{v}")
            .Concat(Enum.GetNames<BotHub.Admin.Features.Recipients.OptInStatus>().Select(v => $"OptIn.{v}"))
            .Concat(["Audit.List.Comma", "Audit.List.Semicolon", "Audit.List.None", "Audit.Subject.Broadcast"]);

        Assert.All(expected, key => Assert.True(english.ContainsKey(key), $"Strings.resx lacks {key}"));
    }

    [Fact]
    public void FormatPlaceholders_SameInBothLanguages()
    {
        var chinese = Chinese;
        var mismatched = English
            .Where(kv => chinese.ContainsKey(kv.Key))
            .Where(kv => !Placeholders(kv.Value).SetEquals(Placeholders(chinese[kv.Key])))
            .Select(kv => $"{kv.Key}: en {{{string.Join(",", Placeholders(kv.Value))}}} vs zh {{{string.Join(",", Placeholders(chinese[kv.Key]))}}}")
            .ToList();

        Assert.True(mismatched.Count == 0, "Placeholders differ: " + string.Join("; ", mismatched));
        Assert.Contains("0", Placeholders(English["Home.Welcome"])); // the check does see placeholders
    }

    [Fact]
    public void LiteralKeysInCode_AllExistInStringsResx()
    {
        var english = English;
        var files = Directory.EnumerateFiles(AppDir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var used = files
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (Key: m.Groups[1].Value, File: Path.GetRelativePath(AppDir, f))))
            .ToList();
        var missing = used.Where(u => !english.ContainsKey(u.Key)).Select(u => $"{u.Key} ({u.File})").Distinct().ToList();

        Assert.True(used.Count > 50, $"Only {used.Count} keys found in {files.Count} files: is the scan looking in the right place?");
        Assert.Contains(used, u => u.Key == "Nav.Home");
        Assert.Contains(used, u => u.Key == "Password.Common"); // from a .cs file, through its lower-case `l`
        Assert.True(missing.Count == 0, "Used in code but missing from Strings.resx: " + string.Join(", ", missing));
    }

    [Fact]
    public void InterpolatedRoleKeys_ExistForEveryRole()
    {
        var english = English;
        var expected = Roles.All.SelectMany(r => new[] { $"Role.{r}", $"Role.{r}.Help" }).ToList();

        Assert.Equal(["Admin", "Manager", "Staff"], Roles.All);
        Assert.All(expected, key => Assert.True(english.ContainsKey(key), $"Strings.resx lacks {key}"));
    }

    [Fact]
    public void InterpolatedAuditKindKeys_ExistForEveryKind()
    {
        var english = English;

        Assert.All(Enum.GetNames<AuditKind>(), kind =>
            Assert.True(english.ContainsKey($"AuditKind.{kind}"), $"Strings.resx lacks AuditKind.{kind}"));
    }

    // The composer's fields a 10100 "invalid parameter" can name (ComposeIssueText).
    private static readonly string[] InvalidParameterFields = ["body", "caption", "url", "extension", "to", "timestamp", "source"];

    [Fact]
    public void InterpolatedBroadcastKeys_ExistForEveryValue()
    {
        var english = English;
        var expected = Enum.GetNames<BroadcastState>().Select(v => $"BroadcastState.{v}")
            .Concat(Enum.GetNames<DeliveryState>().Select(v => $"DeliveryState.{v}"))
            .Concat(Enum.GetNames<ExclusionReason>().Select(v => $"Exclusion.{v}"))
            .Concat(Enum.GetNames<SendOrder>().Select(v => $"SendOrder.{v}"))
            .Concat(Enum.GetNames<CreateError>().Select(v => $"Compose.CreateError.{v}"))
            .Concat(MessageRules.Types.Select(t => $"Compose.Type.{t}"))
            .Concat(InvalidParameterFields.Select(f => $"Compose.Issue.Invalid.{f}"));

        Assert.All(expected, key => Assert.True(english.ContainsKey(key), $"Strings.resx lacks {key}"));
    }
}
