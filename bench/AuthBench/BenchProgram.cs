using System.Globalization;
using Akka.Actor;
using AkkaOcr.Bench.AuthBench;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Users;
using Npgsql;

// Settings come from the environment, set by bench/auth.sh:
//   BENCH_CLUSTER_URL, BENCH_CLUSTER_DB, BENCH_CLUSTER_PIDS (gateway and users node),
//   BENCH_BASELINE_URL, BENCH_BASELINE_DB, BENCH_BASELINE_PIDS, BENCH_DATA_KEY, BENCH_FLOWS, BENCH_CONCURRENCY,
//   BENCH_WARMUP_FLOWS,
//   and Passwords__Iterations, the hashing cost both targets were started with.
static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");

var flows = int.Parse(Environment.GetEnvironmentVariable("BENCH_FLOWS") ?? "300", CultureInfo.InvariantCulture);
var concurrency = int.Parse(Environment.GetEnvironmentVariable("BENCH_CONCURRENCY") ?? "8", CultureInfo.InvariantCulture);
// About a thousand requests: until then the JIT is still compiling each process's hot path (tiered
// compilation), which costs the cluster, with more code on the path, more than the baseline.
var warmUpFlows = int.Parse(Environment.GetEnvironmentVariable("BENCH_WARMUP_FLOWS") ?? "250", CultureInfo.InvariantCulture);
var hashIterations = int.Parse(Env("Passwords__Iterations"), CultureInfo.InvariantCulture);
var codes = new OtpCodes(System.Text.Encoding.UTF8.GetBytes(Env("BENCH_DATA_KEY")));

// Only to read the journal's bytes with the protocol serializer; it joins nothing.
using var system = ActorSystem.Create("bench");
var serializer = new AkkaOcrSerializer((ExtendedActorSystem)system);
await using var clusterDb = NpgsqlDataSource.Create(Env("BENCH_CLUSTER_DB"));
await using var baselineDb = NpgsqlDataSource.Create(Env("BENCH_BASELINE_DB"));
using var clusterHttp = new HttpClient { BaseAddress = new Uri(Env("BENCH_CLUSTER_URL")), Timeout = TimeSpan.FromSeconds(30) };
using var baselineHttp = new HttpClient { BaseAddress = new Uri(Env("BENCH_BASELINE_URL")), Timeout = TimeSpan.FromSeconds(30) };

var targets = new (string Name, FlowRunner Runner, string Pids)[]
{
    ("AkkaOcr gateway + users node", new FlowRunner(clusterHttp, new JournalCodeSource(clusterDb, codes, serializer)), Env("BENCH_CLUSTER_PIDS")),
    ("baseline ASP.NET Core + Npgsql", new FlowRunner(baselineHttp, new OutboxTableCodeSource(baselineDb, codes)), Env("BENCH_BASELINE_PIDS")),
};

var results = new List<FlowResult>();
foreach (var (name, runner, pids) in targets)
{
    Console.Error.WriteLine($"warming up {name}: {warmUpFlows} flows");
    await runner.RunAsync(name, warmUpFlows, concurrency, () => 0);
    Console.Error.WriteLine($"measuring {name}: {flows} flows, {concurrency} in flight");
    results.Add(await runner.RunAsync(name, flows, concurrency, () => ProcessCpu.Seconds(pids)));
}

// Done with the journal; stop the helper system now so its shutdown line comes before the table.
await system.Terminate();

Console.WriteLine();
Console.WriteLine($"Sign-up flows (register, generate_otp, verify_otp, login), {flows} per target, {concurrency} in flight, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| target | password hash | flows/s | p50 ms | p99 ms | server CPU ms/flow | failed |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
foreach (var r in results)
    Console.WriteLine(FormattableString.Invariant(
        $"| {r.Target} | PBKDF2-HMAC-SHA512, {hashIterations:N0} iterations | {r.FlowsPerSecond:0.0} | {r.Percentile(0.50):0} | {r.Percentile(0.99):0} | {1000 * r.CpuSecondsOfServer / Math.Max(1, r.Flows - r.Failed):0.0} | {r.Failed} |"));
Console.WriteLine();
Console.WriteLine(FormattableString.Invariant(
    $"AkkaOcr / baseline throughput: {results[0].FlowsPerSecond / results[1].FlowsPerSecond:0.00}; p50 latency ratio: {results[0].Percentile(0.5) / results[1].Percentile(0.5):0.00}"));
return results.Sum(r => r.Failed) == 0 ? 0 : 1;
