namespace BotHub.Admin.Tests.Architecture;

public sealed class FeatureGraphReport
{
    [Fact]
    public void Print()
    {
        var refs = FeatureGraph.Read(typeof(BotHub.Admin.Data.AppDbContext).Assembly.Location);
        foreach (var g in refs.GroupBy(r => (r.FromPart, r.ToPart)).OrderBy(g => g.Key.FromPart).ThenBy(g => g.Key.ToPart))
        {
            Console.WriteLine($"{g.Key.FromPart} -> {g.Key.ToPart}: {g.Select(r => (r.FromType, r.ToType)).Distinct().Count()} type pairs");
            foreach (var pair in g.Select(r => $"{r.FromType} -> {r.ToType}").Distinct().Take(40)) Console.WriteLine("    " + pair);
        }
    }
}
