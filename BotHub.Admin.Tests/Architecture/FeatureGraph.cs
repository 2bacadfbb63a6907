using Mono.Cecil;
using Mono.Cecil.Cil;

namespace BotHub.Admin.Tests.Architecture;

/// <summary>One use of a type of another part of the app: who uses it, what, and where (a field, a signature, a body).</summary>
public sealed record PartReference(string FromPart, string FromType, string ToPart, string ToType, string Where)
{
    public override string ToString() => $"{FromType} → {ToType} ({Where})";
}

/// <summary>
/// The references between the app's parts, read from the compiled assembly with Mono.Cecil: base types, interfaces,
/// attributes, fields, properties, method signatures and every type, method and field named in a method's body
/// (so `new X()`, `X.Do()` and `typeof(X)` count). Compiler-made types (lambdas, async state machines, Razor's render
/// code) count for the type that declares them. A part is a folder under Features (Provider's Sandbox and Webhook
/// are parts of their own), the layout, the account pages, the shared components, Data or the host.
/// </summary>
public static class FeatureGraph
{
    private const string Root = "BotHub.Admin";

    public static IReadOnlyList<PartReference> Read(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var found = new HashSet<PartReference>();
        foreach (var type in module.GetTypes())
        {
            var owner = Outermost(type);
            var fromPart = PartOf(owner.Namespace);
            if (fromPart is null)
            {
                continue;
            }

            foreach (var (target, where) in Uses(type))
            {
                var resolved = Outermost(target);
                var toPart = PartOf(resolved.Namespace);
                if (toPart is not null && toPart != fromPart)
                {
                    found.Add(new PartReference(fromPart, Name(owner), toPart, Name(resolved), where));
                }
            }
        }

        return [.. found.OrderBy(r => r.FromPart, StringComparer.Ordinal).ThenBy(r => r.ToPart, StringComparer.Ordinal)
            .ThenBy(r => r.FromType, StringComparer.Ordinal).ThenBy(r => r.ToType, StringComparer.Ordinal)];
    }

    /// <summary>The part a namespace belongs to, or null for what is not the app's own code (migrations are made by a tool).</summary>
    public static string? PartOf(string ns)
    {
        if (ns != Root && !ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = ns.Split('.');
        return segments.Length switch
        {
            2 => "Host",
            _ when segments[2] == "Features" && segments.Length >= 4 =>
                segments[3] == "Provider" && segments.Length >= 5 ? segments[4] : segments[3],
            _ when segments[2] == "Components" => segments.Length >= 4 && segments[3] is "Account" or "Layout" or "Common" ? segments[3] : "Components",
            _ when segments[2] == "Data" => segments.Length >= 4 && segments[3] == "Migrations" ? null : "Data",
            _ => segments[2],
        };
    }

    private static IEnumerable<(TypeReference Type, string Where)> Uses(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            foreach (var t in Expand(type.BaseType)) yield return (t, "base type");
        }

        foreach (var i in type.Interfaces)
        {
            foreach (var t in Expand(i.InterfaceType)) yield return (t, "interface");
        }

        foreach (var a in Attributes(type))
        {
            yield return (a, "attribute");
        }

        foreach (var f in type.Fields)
        {
            foreach (var t in Expand(f.FieldType)) yield return (t, $"field {f.Name}");
        }

        foreach (var p in type.Properties)
        {
            foreach (var t in Expand(p.PropertyType)) yield return (t, $"property {p.Name}");
            foreach (var a in p.CustomAttributes.Select(c => c.AttributeType)) yield return (a, $"attribute of {p.Name}");
        }

        foreach (var m in type.Methods)
        {
            foreach (var t in Expand(m.ReturnType)) yield return (t, $"{m.Name} returns");
            foreach (var p in m.Parameters)
            {
                foreach (var t in Expand(p.ParameterType)) yield return (t, $"{m.Name} parameter");
            }

            if (!m.HasBody)
            {
                continue;
            }

            foreach (var v in m.Body.Variables)
            {
                foreach (var t in Expand(v.VariableType)) yield return (t, $"{m.Name} body");
            }

            foreach (var instruction in m.Body.Instructions)
            {
                foreach (var t in Operand(instruction)) yield return (t, $"{m.Name} body");
            }
        }
    }

    /// <summary>
    /// Every group of parts that reach each other through their references (Tarjan's strongly connected components),
    /// each with one reference per arrow inside it, so the message says which types close the circle.
    /// </summary>
    public static IReadOnlyList<string> Cycles(IReadOnlyList<PartReference> references)
    {
        var edges = references.GroupBy(r => r.FromPart).ToDictionary(g => g.Key, g => g.Select(r => r.ToPart).Distinct().ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var groups = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges.GetValueOrDefault(v) ?? [])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    group.Add(w);
                }
                while (w != v);
                if (group.Count > 1)
                {
                    groups.Add(group);
                }
            }
        }

        foreach (var part in edges.Keys.Concat(edges.Values.SelectMany(v => v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(part))
            {
                Visit(part);
            }
        }

        return [.. groups.Select(g => string.Join(", ", g.Order(StringComparer.Ordinal)) + ":" + string.Concat(references
            .Where(r => g.Contains(r.FromPart) && g.Contains(r.ToPart)).GroupBy(r => (r.FromPart, r.ToPart))
            .Select(e => $"{Environment.NewLine}    {e.Key.FromPart} → {e.Key.ToPart}: {e.First()}")))];
    }

    private static IEnumerable<TypeReference> Attributes(TypeDefinition type) => type.CustomAttributes.Select(c => c.AttributeType);

    private static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference t => Expand(t),
        MethodReference m => Expand(m.DeclaringType).Concat(Expand(m.ReturnType)).Concat(m.Parameters.SelectMany(p => Expand(p.ParameterType)))
            .Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []),
        FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
        _ => [],
    };

    /// <summary>A type and every type inside it: generic arguments, element types of arrays and by-refs.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType g:
                foreach (var t in Expand(g.ElementType)) yield return t;
                foreach (var t in g.GenericArguments.SelectMany(Expand)) yield return t;
                break;
            case TypeSpecification s:
                foreach (var t in Expand(s.ElementType)) yield return t;
                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static string Name(TypeReference type) => type.FullName.StartsWith(Root + ".", StringComparison.Ordinal)
        ? type.FullName[(Root.Length + 1)..]
        : type.FullName;
}
