using System.Globalization;
using Akka.Actor;
using AkkaOcr.Bench.AuthBench;
using AkkaOcr.Bench.ScaleBench;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Users;
using Npgsql;

// Settings come from the environment, set by bench/scale.sh: BENCH_URL (gateway), BENCH_DB (the cluster's
// journal, for sign-up codes), BENCH_DATA_KEY, BENCH_NODES (name=pid=metrics-url[=cpu-group] ...),
// BENCH_SECONDS (60), BENCH_WARMUP_SECONDS (15), BENCH_CONCURRENCY (8), and BENCH_MIX:
//   mixed  sign-up 3 : sign-in 1 : OCR upload BENCH_OCR_WEIGHT (2), one row of the shared table (BENCH_LABEL);
//   ocr    OCR uploads with tokens taken before the window;
//   users  profile reads and code requests with tokens taken before the window (no password hash);
//   auth   sign-up 3 : sign-in 1, the password-hashing flows.
// The last three print a row of a capped table: BENCH_NODE_COUNT capped nodes, each capped at BENCH_CPU_QUOTA
// cores once the accounts are set up (until then they run at the core they started with), efficiency against
// BENCH_BASELINE (the 1-node run's requests/s, absent in that run); the requests/s go to BENCH_THROUGHPUT_FILE.
static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");
static IReadOnlyList<(ILoadFlow, int)> UsersMix(SignedInAccounts accounts) => [(new ProfileReadFlow(accounts), 1), (new CodeRequestFlow(accounts), 1)];
static int EnvInt(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

var mix = Environment.GetEnvironmentVariable("BENCH_MIX") ?? "mixed";
var nodes = ClusterNode.Parse(Env("BENCH_NODES"));
var gateway = new Uri(Env("BENCH_URL"));
// Only to read sign-up codes from the journal with the protocol serializer; quiet, so stdout is the table row.
using var system = ActorSystem.Create("bench", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
await using var db = NpgsqlDataSource.Create(Env("BENCH_DB"));
var codes = new JournalCodeSource(db, new OtpCodes(System.Text.Encoding.UTF8.GetBytes(Env("BENCH_DATA_KEY"))), new AkkaOcrSerializer((ExtendedActorSystem)system));
var otp = new JournalOtpSource(codes);
var lines = new OcrUploadFlow(ImageCorpus.Render(lines: 20, pages: 0).Lines);
var setupTimeout = TimeSpan.FromMinutes(5);

IReadOnlyList<(ILoadFlow, int)> flows = mix switch
{
    "mixed" => [(new SignUpFlow(), 3), (new SignInFlow(), 1), (lines, EnvInt("BENCH_OCR_WEIGHT", 2))],
    "auth" => [(new SignUpFlow(), 3), (new SignInFlow(), 1)],
    // One account per shard is plenty for uploads: the uncapped users node only records each result.
    "ocr" => [(new SignedInUploadFlow(await AccountSetup.SignUpAsync(gateway, otp, accountsPerShard: 1, setupTimeout), lines), 1)],
    "users" => UsersMix(await AccountSetup.SignUpAsync(gateway, otp, accountsPerShard: 2, setupTimeout)),
    _ => throw new InvalidOperationException($"BENCH_MIX '{mix}' is not mixed, ocr, users or auth"),
};
if (mix != "mixed")
{
    var quota = double.Parse(Env("BENCH_CPU_QUOTA"), CultureInfo.InvariantCulture);
    foreach (var node in nodes.Where(node => node.Group is not null))
        node.Group!.Limit(quota);
}

var options = new LoadOptions
{
    Gateway = gateway,
    Concurrency = EnvInt("BENCH_CONCURRENCY", 8),
    Duration = TimeSpan.FromSeconds(EnvInt("BENCH_SECONDS", 60)),
    MaxFlows = 1_000_000,
    MaxRequests = 1_000_000,
    Mix = flows,
    // Gateways sharing a port get new connections, each hashed to one of them, every second.
    ConnectionLifetime = mix == "auth" ? TimeSpan.FromSeconds(1) : null,
};

// Warm-up: models loaded, journal tables and connection pools in use, shards allocated. Not measured.
await using (var warmUp = LoadRun.Start(options with { Duration = TimeSpan.FromSeconds(EnvInt("BENCH_WARMUP_SECONDS", 15)) }, otp))
    await warmUp.Completion.WaitAsync(TimeSpan.FromMinutes(5));

using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
LoadRun? run = null;
var measurement = await Measurement.TakeAsync(nodes, scraper, async () =>
{
    run = LoadRun.Start(options, otp);
    await run.Completion.WaitAsync(options.Duration + TimeSpan.FromMinutes(3));
    return (run.Log.Records, run.Log.Failures.Count);
});
await using (run)
{
    Console.Error.WriteLine(run!.Log.Summary());
    foreach (var failure in run.Log.Failures.Take(20))
        Console.Error.WriteLine($"FAILED {failure}");
}

if (mix == "mixed")
{
    Console.WriteLine(MarkdownRows.Shared(Env("BENCH_LABEL"), measurement));
    return 0;
}
var baseline = double.TryParse(Environment.GetEnvironmentVariable("BENCH_BASELINE"), CultureInfo.InvariantCulture, out var rps) ? rps : (double?)null;
Console.WriteLine(MarkdownRows.Capped(EnvInt("BENCH_NODE_COUNT", 1), baseline, measurement));
await File.WriteAllTextAsync(Env("BENCH_THROUGHPUT_FILE"), measurement.RequestsPerSecond.ToString("0.###", CultureInfo.InvariantCulture));
return 0;
