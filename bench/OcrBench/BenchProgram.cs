using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Akka.Actor;
using AkkaOcr.Bench.AuthBench;
using AkkaOcr.Bench.OcrBench;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Ocr;
using AkkaOcr.Ocr.Tesseract;
using AkkaOcr.Users;
using Npgsql;

// Settings come from the environment, set by bench/ocr.sh:
//   BENCH_URL (gateway), BENCH_DB (the cluster's journal, for sign-up codes), BENCH_DATA_KEY,
//   BENCH_OCR_PID (the ocr node), BENCH_CLUSTER_PIDS (name=pid,... of the cluster's processes, for the CPU
//   table), BENCH_WORKERS, BENCH_LINES, BENCH_PAGES, BENCH_WARMUP_REQUESTS, BENCH_RSS_REQUESTS.
static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");
static int EnvInt(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

var workers = EnvInt("BENCH_WORKERS", Environment.ProcessorCount);
var rssRequests = EnvInt("BENCH_RSS_REQUESTS", 1000);
Console.Error.WriteLine("rendering the corpus");
var corpus = ImageCorpus.Render(EnvInt("BENCH_LINES", 40), EnvInt("BENCH_PAGES", 4));
var sets = new[] { ("lines", corpus.Lines), ("A4 pages", corpus.Pages) };
var results = new List<Measurement>();
var options = new OcrOptions("eng", 3, false, OcrOutputFormat.Text);

// (a) The engine in process, one engine per thread.
var settings = new OcrWorkerSettings();
TesseractRuntime.EnsureAvailable(settings);
var engines = Enumerable.Range(0, workers).Select(_ => TesseractEngine.Create(settings.TessdataPath, "eng", settings.MaxPixels, settings.MaxSyncPages)).ToArray();
Task<bool> Engine(int slot, byte[] image) => Task.FromResult(engines[slot].Recognize(image, options, TimeSpan.FromMinutes(1)).Text.Length > 0);
await Measurement.RunAsync("warm-up", "lines", corpus.Lines.Take(workers * 2).ToList(), workers, Engine);
var cpu = CpuBreakdown.Of(Environment.GetEnvironmentVariable("BENCH_CLUSTER_PIDS") ?? "");
var cpuUse = new List<(string Mode, CpuBreakdown.Usage Usage)>();
async Task<Measurement> MeasureLines(string mode, int parallelism, Func<int, byte[], Task<bool>> read)
{
    var before = cpu.Take();
    var measured = await Measurement.RunAsync(mode, "lines", corpus.Lines, parallelism, read);
    cpuUse.Add((mode, CpuBreakdown.PerImage(before, cpu.Take(), measured.Images)));
    return measured;
}
foreach (var (set, images) in sets)
{
    Console.Error.WriteLine($"(a) engine in process, {set}");
    results.Add(set == "lines"
        ? await MeasureLines("(a) engine in process", workers, Engine)
        : await Measurement.RunAsync("(a) engine in process", set, images, workers, Engine));
}
foreach (var engine in engines)
    engine.Dispose();

// (b) The tesseract command line, one process per image.
var folder = Directory.CreateTempSubdirectory("akkaocr-bench-cli");
var cli = new TesseractCli(folder.FullName);
foreach (var (set, images) in sets)
{
    Console.Error.WriteLine($"(b) tesseract command line, {set}");
    results.Add(await Measurement.RunAsync("(b) tesseract CLI per image", set, images, workers, (_, image) => cli.ReadAsync(image)));
}
folder.Delete(recursive: true);

// (c) POST /ocr through the gateway and the cluster, as a signed-in user.
using var system = ActorSystem.Create("bench"); // only to read sign-up codes from the journal with the protocol serializer
await using var db = NpgsqlDataSource.Create(Env("BENCH_DB"));
using var http = new HttpClient { BaseAddress = new Uri(Env("BENCH_URL")), Timeout = TimeSpan.FromMinutes(2) };
var codes = new JournalCodeSource(db, new OtpCodes(System.Text.Encoding.UTF8.GetBytes(Env("BENCH_DATA_KEY"))), new AkkaOcrSerializer((ExtendedActorSystem)system));
var token = await new FlowRunner(http, codes).SignUpAsync() ?? throw new InvalidOperationException("could not sign up a benchmark user");
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var requests = 0;
async Task<bool> Upload(int _, byte[] image)
{
    Interlocked.Increment(ref requests);
    using var content = new MultipartFormDataContent { { new ByteArrayContent(image), "file", "image.png" } };
    using var response = await http.PostAsync("/ocr", content);
    return response.StatusCode == HttpStatusCode.OK;
}
// Two per worker: each worker has its next image queued while an answer travels back. (Three per
// worker, all the gateway takes without a 429, measured slower here: more in flight only adds contention.)
var inFlight = workers * 2;
// Every process of the path runs its first requests on unoptimized code (tiered JIT) and opens its
// connections on first use; the engine in (a) was warmed the same way, so (c) is measured warm too.
var warmUp = EnvInt("BENCH_WARMUP_REQUESTS", 1000);
Console.Error.WriteLine($"(c) warming up the cluster with {warmUp} requests");
await Measurement.RunAsync("warm-up", "lines", Enumerable.Range(0, warmUp).Select(i => corpus.Lines[i % corpus.Lines.Count]).ToList(), inFlight, Upload);
foreach (var (set, images) in sets)
{
    Console.Error.WriteLine($"(c) POST /ocr, {set}");
    results.Add(set == "lines"
        ? await MeasureLines("(c) POST /ocr through the cluster", inFlight, Upload)
        : await Measurement.RunAsync("(c) POST /ocr through the cluster", set, images, inFlight, Upload));
}
// Latency at the engine's own concurrency: W requests in flight on W workers, nothing queued, so
// the difference from (a) is the cluster's path alone.
Console.Error.WriteLine("(c') POST /ocr, lines, W in flight");
results.Add(await MeasureLines("(c') POST /ocr, W in flight", workers, Upload));

var ocrPid = Env("BENCH_OCR_PID");
var rssBefore = ResidentMegabytes(ocrPid);
var before = requests;
Console.Error.WriteLine($"sending {rssRequests} more line images to see whether the ocr node's memory grows");
var more = Enumerable.Range(0, rssRequests).Select(i => corpus.Lines[i % corpus.Lines.Count]).ToList();
var soak = await Measurement.RunAsync("soak", "lines", more, inFlight, Upload);
var rssAfter = ResidentMegabytes(ocrPid);
await system.Terminate();

Console.WriteLine();
Console.WriteLine($"OCR of {corpus.Lines.Count} text-line images and {corpus.Pages.Count} A4 pages, W = {workers} workers/threads/processes, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| mode | images | images/s | p50 ms | p99 ms | failed |");
Console.WriteLine("|---|---|---:|---:|---:|---:|");
foreach (var r in results)
    Console.WriteLine(FormattableString.Invariant($"| {r.Mode} | {r.Set} | {r.ImagesPerSecond:0.0} | {r.Percentile(0.5):0} | {r.Percentile(0.99):0} | {r.Failed} |"));
Console.WriteLine();
Measurement Row(string mode, string set) => results.Single(r => r.Mode.StartsWith(mode, StringComparison.Ordinal) && r.Set == set);
double Rate(string mode, string set) => Row(mode, set).ImagesPerSecond;
foreach (var (set, _) in sets)
    Console.WriteLine(FormattableString.Invariant(
        $"{set}: (c)/(a) = {Rate("(c)", set) / Rate("(a)", set):0.00}, (c)/(b) = {Rate("(c)", set) / Rate("(b)", set):0.0}"));
Console.WriteLine(FormattableString.Invariant(
    $"lines at W in flight: p50 (c')/(a) = {Row("(c')", "lines").Percentile(0.5) / Row("(a)", "lines").Percentile(0.5):0.00}, p99 (c')/(a) = {Row("(c')", "lines").Percentile(0.99) / Row("(a)", "lines").Percentile(0.99):0.00}"));
Console.WriteLine();
Console.WriteLine($"CPU ms per line image ({Environment.ProcessorCount} cores; the rest is PostgreSQL, RabbitMQ and the machine's other work):");
Console.WriteLine();
Console.WriteLine($"| mode | {string.Join(" | ", cpu.Names)} | client | rest | machine |");
Console.WriteLine($"|---|{string.Concat(cpu.Names.Select(_ => "---:|"))}---:|---:|---:|");
foreach (var (mode, usage) in cpuUse)
    Console.WriteLine(FormattableString.Invariant(
        $"| {mode} | {string.Join(" | ", cpu.Names.Select(name => $"{usage.Processes[name]:0.0}"))} | {usage.Client:0.0} | {usage.Rest:0.0} | {usage.Machine:0.0} |"));
Console.WriteLine();
Console.WriteLine(FormattableString.Invariant(
    $"OCR node RSS: {rssBefore:0} MiB after {before} requests, {rssAfter:0} MiB after {requests} ({soak.Failed} of the last {soak.Images} failed)."));
return results.Sum(r => r.Failed) + soak.Failed == 0 ? 0 : 1;

static double ResidentMegabytes(string pid) =>
    long.Parse(File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
