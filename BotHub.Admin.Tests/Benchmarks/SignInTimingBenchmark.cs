using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BotHub.Admin.Tests.Infrastructure;

namespace BotHub.Admin.Tests.Benchmarks;

/// <summary>
/// Does the time of a sign-in tell whether the account exists? The median of 50 sign-in posts naming an unknown email
/// beside 50 naming a real account with a wrong password (taken in turn, after 5 of each to warm up), with the limiter
/// and lockout relaxed so both measure the password check. Prints both medians and their difference (issue 17's target:
/// within 20 ms; before, 4–12 ms against 150–200 ms). On a shared, noisy machine an absolute bound fails for noise, so it
/// asserts against the run's own baseline: the difference is under half of the slower median. An unknown email that
/// skipped the password hash again would answer in a few per cent of the known one's time and fail that.
/// </summary>
public sealed partial class SignInTimingBenchmark
{
    private const int Runs = 50;
    private const int WarmUp = 5;
    private const string Email = "known.timing@test.local";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Category", "Benchmark")]
    public async Task UnknownAndKnownAccounts_CostTheSamePasswordCheck_MedianOf50()
    {
        await using var app = new RelaxedApp();
        await app.CreateUserAsync(Email, "the right passphrase");
        using var client = app.NewClient();
        var token = WebUtility.HtmlDecode(Token().Match(await client.GetStringAsync("/Account/Login", Ct)).Groups[1].Value);

        var unknown = new List<double>();
        var known = new List<double>();
        for (var i = 0; i < WarmUp + Runs; i++)
        {
            var u = await TimeAsync(client, token, $"nobody{i}@test.local");
            var k = await TimeAsync(client, token, Email);
            if (i >= WarmUp)
            {
                unknown.Add(u);
                known.Add(k);
            }
        }

        var (mu, mk) = (Median(unknown), Median(known));
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"Sign-in, median of {Runs}: unknown email {mu:0.0} ms, known email + wrong password {mk:0.0} ms, difference {mk - mu:0.0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sign-in, median of {Runs}: unknown email {mu:0.0} ms, known email + wrong password {mk:0.0} ms, difference {mk - mu:0.0} ms"));
        Assert.True(Math.Abs(mk - mu) < Math.Max(mk, mu) / 2, string.Create(CultureInfo.InvariantCulture,
            $"Unknown email {mu:0.0} ms against known {mk:0.0} ms: the time tells whether the account exists."));
    }

    private static async Task<double> TimeAsync(HttpClient client, string token, string email)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = "a wrong passphrase",
        });
        var start = Stopwatch.GetTimestamp();
        var response = await client.PostAsync("/Account/Login", form, Ct);
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong email or password.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        return ms;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>Limits far above 110 posts a minute, and a lockout after 100 failures, so every post checks a password.</summary>
    private sealed class RelaxedApp : TestApp
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var s = base.Settings;
                s["Auth:MaxFailedAttempts"] = "100";
                return s;
            }
        }
    }
}
