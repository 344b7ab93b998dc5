using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using AkkaOcr.Bench.AuthBench;
using AkkaOcr.Bench.ScaleBench;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Users;
using Npgsql;

// Settings come from the environment, set by bench/scale.sh: BENCH_LABEL, BENCH_URL (gateway), BENCH_DB
// (the cluster's journal, for sign-up codes), BENCH_DATA_KEY, BENCH_NODES (name=pid=metrics-url ...),
// BENCH_SECONDS (60), BENCH_WARMUP_SECONDS (15), BENCH_CONCURRENCY (8), BENCH_OCR_WEIGHT (2).
static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");
static int EnvInt(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

var nodes = ClusterNode.Parse(Env("BENCH_NODES"));
// Only to read sign-up codes from the journal with the protocol serializer; quiet, so stdout is the table row.
using var system = ActorSystem.Create("bench", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
await using var db = NpgsqlDataSource.Create(Env("BENCH_DB"));
var codes = new JournalCodeSource(db, new OtpCodes(System.Text.Encoding.UTF8.GetBytes(Env("BENCH_DATA_KEY"))), new AkkaOcrSerializer((ExtendedActorSystem)system));
var otp = new JournalOtpSource(codes);
var options = new LoadOptions
{
    Gateway = new Uri(Env("BENCH_URL")),
    Concurrency = EnvInt("BENCH_CONCURRENCY", 8),
    Duration = TimeSpan.FromSeconds(EnvInt("BENCH_SECONDS", 60)),
    MaxFlows = 1_000_000,
    MaxRequests = 1_000_000,
    Mix = [(new SignUpFlow(), 3), (new SignInFlow(), 1), (new OcrUploadFlow(ImageCorpus.Render(lines: 20, pages: 0).Lines), EnvInt("BENCH_OCR_WEIGHT", 2))],
};

// Warm-up: models loaded, journal tables and connection pools in use, shards allocated. Not measured.
await using (var warmUp = LoadRun.Start(options with { Duration = TimeSpan.FromSeconds(EnvInt("BENCH_WARMUP_SECONDS", 15)) }, otp))
    await warmUp.Completion.WaitAsync(TimeSpan.FromMinutes(5));

using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
var cpuBefore = nodes.Select(node => node.CpuSeconds()).ToArray();
var workBefore = await Task.WhenAll(nodes.Select(node => node.WorkDoneAsync(scraper)));
var clock = Stopwatch.StartNew();
await using var run = LoadRun.Start(options, otp);
await run.Completion.WaitAsync(options.Duration + TimeSpan.FromMinutes(3));
clock.Stop();
var cpu = nodes.Select((node, i) => node.CpuSeconds() - cpuBefore[i]).ToArray();
var work = (await Task.WhenAll(nodes.Select(node => node.WorkDoneAsync(scraper)))).Select((done, i) => done - workBefore[i]).ToArray();

var records = run.Log.Records;
var latencies = records.Select(record => record.Latency.TotalMilliseconds).Order().ToArray();
double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Length) - 1, 0, latencies.Length - 1)];
string Share(string role) => string.Join(" / ", nodes.Select((node, i) => (node, i)).Where(x => x.node.Name.StartsWith(role, StringComparison.Ordinal))
    .Select(x => x.i).Select(i => FormattableString.Invariant($"{work[i]}")));
var cpuPerNode = string.Join(", ", nodes.Select((node, i) => FormattableString.Invariant($"{node.Name} {cpu[i]:0.0}")));

Console.Error.WriteLine(run.Log.Summary());
foreach (var failure in run.Log.Failures.Take(20))
    Console.Error.WriteLine($"FAILED {failure}");
Console.WriteLine(
    FormattableString.Invariant($"| {Env("BENCH_LABEL")} | {records.Count / clock.Elapsed.TotalSeconds:0.0} | {Percentile(0.5):0} | {Percentile(0.99):0} | ") +
    FormattableString.Invariant($"{run.Log.Failures.Count} | {cpu.Sum() * 1000 / Math.Max(1, records.Count):0.0} | {Share("users")} | {Share("ocr")} | {cpuPerNode} |"));
return 0;
