using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BotHub.Admin.Tests.Infrastructure;

/// <summary>
/// The built app (<c>dotnet BotHub.Admin.dll</c> from the app's own build output, of the configuration the tests were
/// built with) as a child process, with its settings in environment variables and its console output kept. Each
/// <see cref="Start"/> is a new process on the same settings; <see cref="Kill"/> is SIGKILL on Linux: no shutdown code runs.
/// </summary>
public sealed class AppProcess(IReadOnlyDictionary<string, string> environment) : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private Process? _process;
    private int _starts;

    /// <summary>The app's entry assembly: BotHub.Admin/bin/&lt;Configuration&gt;/net10.0/BotHub.Admin.dll beside the tests' own output.</summary>
    public static string AppDll { get; } = FindAppDll();

    /// <summary>Every line the app wrote so far, over all its starts, each marked with the start it came from.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public bool IsRunning => _process is { HasExited: false };

    public int Starts => _starts;

    /// <summary>Starts the app anew (the previous process must have ended).</summary>
    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The app is still running.");
        }

        _process?.Dispose();
        var start = new ProcessStartInfo(DotnetHost(), [AppDll])
        {
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var run = Interlocked.Increment(ref _starts);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(run, "out", e.Data);
        process.ErrorDataReceived += (_, e) => Append(run, "err", e.Data);
        process.Exited += (_, _) => Append(run, "---", "process exited");
        Append(run, "---", $"starting {start.FileName} {AppDll}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until the app wrote a line containing <paramref name="text"/> in its current start.</summary>
    /// <exception cref="InvalidOperationException">The app ended first, or the time ran out (the message carries its output).</exception>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken ct)
    {
        var marker = $"[{_starts.ToString(CultureInfo.InvariantCulture)} ";
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (Output.Split('\n').Any(l => l.StartsWith(marker, StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }

            if (!IsRunning)
            {
                throw new InvalidOperationException($"The app ended before writing '{text}'. Its output:\n{Output}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"The app did not write '{text}' within {timeout.TotalSeconds:0} s. Its output:\n{Output}");
            }

            await Task.Delay(10, ct);
        }
    }

    /// <summary>SIGKILL (the whole process tree), then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already ended.
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(wait.Token);
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
            _process = null;
        }
    }

    private void Append(int run, string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append(CultureInfo.InvariantCulture, $"[{run} {stream} {DateTime.UtcNow:HH:mm:ss.fff}] {line}\n");
        }
    }

    /// <summary>The dotnet host running these tests (the CLI tells its children where it is), else the one on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    // The tests run from BotHub.Admin.Tests/bin/<Configuration>/<framework>/; the app's output has the same shape.
    private static string FindAppDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent?.Name
            ?? throw new InvalidOperationException($"Cannot tell the build configuration from {testOutput.FullName}.");
        for (var dir = testOutput.Parent; dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "BotHub.Admin", "bin", configuration, framework, "BotHub.Admin.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new InvalidOperationException(
            $"BotHub.Admin.dll ({configuration}, {framework}) not found above {testOutput.FullName}: build the solution first.");
    }
}
