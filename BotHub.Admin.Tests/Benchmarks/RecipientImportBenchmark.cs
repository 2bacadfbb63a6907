using System.Diagnostics;
using System.Globalization;
using System.Text;
using BotHub.Admin.Features.Recipients.Csv;
using BotHub.Admin.Tests.Unit.Recipients.Csv;

namespace BotHub.Admin.Tests.Benchmarks;

/// <summary>
/// Imports a generated CSV of BENCH_ROWS recipients (default 100,000; 5,000 when only BENCH_SECONDS is set, as CI
/// does) into a fresh migrated Sqlite file, and prints rows/s and the process working set (sampled every 50 ms).
/// BENCH_ATOMIC=0 measures batch-wise commits instead of one transaction. Asserts only that every row was imported.
/// </summary>
public sealed class RecipientImportBenchmark
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task Import_100kRows_PrintsRowsPerSecondAndMemory()
    {
        var rows = Setting("BENCH_ROWS") is > 0 and var n ? n : Setting("BENCH_SECONDS") is not null ? 5_000 : 100_000;
        var atomic = Setting("BENCH_ATOMIC") != 0;
        await using var s = await CsvServices.CreateAsync(Ct);
        var csv = Generate(rows);
        using var input = new MemoryStream(csv, writable: false);
        var mapping = ColumnMapping.Suggest(["phone", "name", "tags", "opt_in", "attr:city"]);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = WorkingSet();
        long peak = before;
        using var sampler = new Timer(_ => InterlockedMax(ref peak, WorkingSet()), null, 0, 50);
        var started = Stopwatch.GetTimestamp();
        var result = await s.Importer.ImportAsync(input, mapping, new ImportOptions { Atomic = atomic }, null, "bench", Ct);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = WorkingSet();
        InterlockedMax(ref peak, after);
        using var self = Process.GetCurrentProcess();

        var report = string.Create(CultureInfo.InvariantCulture,
            $"Recipient import ({(atomic ? "one transaction" : "batch-wise commits")}, {Environment.ProcessorCount} cores): {rows} rows "
            + $"({csv.Length / 1024.0 / 1024.0:0.0} MB CSV) in {elapsed:0.00} s = {rows / elapsed:0} rows/s; {result.BatchesCommitted} batches; "
            + $"working set before {Mb(before)} MB, after {Mb(after)} MB, peak sampled {Mb(peak)} MB (growth {Mb(peak - before)} MB), "
            + $"process peak {Mb(self.PeakWorkingSet64)} MB");
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.WriteLine(report);

        Assert.Equal(ImportOutcome.Completed, result.Outcome);
        Assert.Equal(rows, result.Inserted);
    }

    private static byte[] Generate(int rows)
    {
        var sb = new StringBuilder("phone,name,tags,opt_in,attr:city\n", rows * 64);
        string[] cities = ["北京", "上海", "Shenzhen", "Guangzhou, Tianhe"];
        for (var i = 0; i < rows; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"+86138{i:D8},用户 {i},t{i % 10}|vip,{(i % 3 == 0 ? "yes" : "no")},\"{cities[i % 4]}\"\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static long WorkingSet()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture);
}
