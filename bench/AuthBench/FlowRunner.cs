using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AkkaOcr.Bench.AuthBench;

public sealed record FlowResult(string Target, int Flows, int Failed, TimeSpan Wall, double[] FlowMilliseconds, double CpuSecondsOfServer)
{
    public double FlowsPerSecond => (Flows - Failed) / Wall.TotalSeconds;

    public double Percentile(double p)
    {
        if (FlowMilliseconds.Length == 0) return double.NaN;
        var sorted = FlowMilliseconds.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <summary>
/// Runs whole sign-up flows (register, generate_otp, verify_otp with the mailed code, login), a bounded
/// number of them with a bounded number in flight. A flow's latency is the sum of its four HTTP
/// calls; looking up the code is the benchmark's own work and is left out.
/// </summary>
public sealed class FlowRunner(HttpClient http, ICodeSource codes)
{
    private const string Password = "benchmark password";

    public async Task<FlowResult> RunAsync(string target, int flows, int concurrency, Func<double> serverCpuSeconds)
    {
        var latencies = new double[flows];
        var failed = 0;
        var next = -1;
        var cpuBefore = serverCpuSeconds();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < flows)
            {
                var elapsed = await RunFlowAsync();
                if (elapsed is null) Interlocked.Increment(ref failed);
                latencies[index] = elapsed ?? double.NaN;
            }
        }));
        wall.Stop();
        return new FlowResult(target, flows, failed, wall.Elapsed, latencies.Where(double.IsFinite).ToArray(), serverCpuSeconds() - cpuBefore);
    }

    /// <summary>Signs up one new user through the whole flow; their bearer token, or null when a step failed.</summary>
    public async Task<string?> SignUpAsync() => (await SignUpTimedAsync()).Token;

    /// <summary>The flow's HTTP time in milliseconds, or null when any step answered other than the contract says.</summary>
    private async Task<double?> RunFlowAsync()
    {
        var (token, spent) = await SignUpTimedAsync();
        return token is null ? null : spent.TotalMilliseconds;
    }

    private async Task<(string? Token, TimeSpan Spent)> SignUpTimedAsync()
    {
        var email = $"bench-{Guid.NewGuid():N}@example.org";
        var spent = TimeSpan.Zero;
        async Task<HttpResponseMessage> Timed(string path, object body)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await http.PostAsJsonAsync(path, body);
            spent += Stopwatch.GetElapsedTime(started);
            return response;
        }

        try
        {
            if ((await Timed("/auth/register", new { name = "Bench", email, password = Password })).StatusCode != HttpStatusCode.Created) return (null, spent);
            if ((await Timed("/auth/generate_otp", new { email })).StatusCode != HttpStatusCode.Accepted) return (null, spent);
            var code = await codes.LatestCodeAsync(email);
            if (code is null) return (null, spent);
            if ((await Timed("/auth/verify_otp", new { email, otp = code })).StatusCode != HttpStatusCode.OK) return (null, spent);
            var login = await Timed("/auth/login", new { username = email, password = Password });
            if (login.StatusCode != HttpStatusCode.OK) return (null, spent);
            var token = await login.Content.ReadFromJsonAsync<JsonElement>();
            return (token.GetProperty("access_token").GetString() is { Length: > 0 } value ? value : null, spent);
        }
        catch (HttpRequestException)
        {
            return (null, spent);
        }
    }
}
