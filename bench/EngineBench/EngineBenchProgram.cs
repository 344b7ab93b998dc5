using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Akka.Actor;
using AkkaOcr.Bench.AuthBench;
using AkkaOcr.Bench.OcrBench;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Ocr;
using AkkaOcr.Users;
using Npgsql;

// Settings come from the environment, set by bench/engines.sh:
//   BENCH_URL (gateway), BENCH_DB (the cluster's journal, for the sign-up code), BENCH_DATA_KEY,
//   BENCH_MODELS (PP-OCR's models), BENCH_WORKERS, BENCH_LINES, BENCH_PAGES, BENCH_WARMUP_REQUESTS.
static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");
static int EnvInt(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

var workers = EnvInt("BENCH_WORKERS", Environment.ProcessorCount);
Console.Error.WriteLine("rendering the corpus");
var corpus = ImageCorpus.Render(EnvInt("BENCH_LINES", 40), EnvInt("BENCH_PAGES", 4));
var sets = new[] { ("lines", corpus.Lines, corpus.LineTexts), ("A4 pages", corpus.Pages, corpus.PageTexts) };
var options = new OcrOptions("eng", 3, false, OcrOutputFormat.Text);
var engineNames = new[] { OcrEngineNames.Tesseract, OcrEngineNames.PaddleOcr };
var rows = new List<(string Engine, string Path, Measurement Measured, double Cer)>();

// The text each image came back with, by image, for the character error rate of a run.
async Task<(Measurement, double)> MeasureAsync(string mode, string set, IReadOnlyList<byte[]> images, IReadOnlyList<string> texts, int parallelism,
    Func<int, byte[], Task<string?>> read)
{
    var answers = new ConcurrentDictionary<byte[], string>(ReferenceEqualityComparer.Instance);
    var measured = await Measurement.RunAsync(mode, set, images, parallelism, async (slot, image) =>
    {
        var text = await read(slot, image);
        if (text is null)
            return false;
        answers[image] = text;
        return true;
    });
    var cer = CharacterErrorRate.OfPages(texts, [.. images.Select(image => answers.GetValueOrDefault(image, ""))]).Overall;
    return (measured, cer);
}

// (a) Each engine in process, one engine per thread, warmed on a few lines first.
foreach (var name in engineNames)
{
    var settings = new OcrWorkerSettings { Engine = name, ModelsPath = Env("BENCH_MODELS") };
    OcrEngineChoice.EnsureAvailable(settings);
    var choice = OcrEngineChoice.For(settings);
    var engines = Enumerable.Range(0, workers).Select(_ => choice.Create("eng")).ToArray();
    Task<string?> Read(int slot, byte[] image) => Task.FromResult<string?>(engines[slot].Recognize(image, options, TimeSpan.FromMinutes(2)).Text);
    await Measurement.RunAsync("warm-up", "lines", corpus.Lines.Take(workers * 2).ToList(), workers, async (slot, image) => await Read(slot, image) is not null);
    foreach (var (set, images, texts) in sets)
    {
        Console.Error.WriteLine($"{name} in process, {set}");
        var (measured, cer) = await MeasureAsync($"{name} in process", set, images, texts, workers, Read);
        rows.Add((name, "in process", measured, cer));
    }
    foreach (var engine in engines)
        engine.Dispose();
}

// (c) POST /ocr?engine=… through the gateway, the users node and the ocr node running that engine.
using var system = ActorSystem.Create("bench"); // only to read the sign-up code from the journal with the protocol serializer
await using var db = NpgsqlDataSource.Create(Env("BENCH_DB"));
using var http = new HttpClient { BaseAddress = new Uri(Env("BENCH_URL")), Timeout = TimeSpan.FromMinutes(2) };
var codes = new JournalCodeSource(db, new OtpCodes(System.Text.Encoding.UTF8.GetBytes(Env("BENCH_DATA_KEY"))), new AkkaOcrSerializer((ExtendedActorSystem)system));
var token = await new FlowRunner(http, codes).SignUpAsync() ?? throw new InvalidOperationException("could not sign up a benchmark user");
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var inFlight = workers * 2;
var warmUp = EnvInt("BENCH_WARMUP_REQUESTS", 200);
foreach (var name in engineNames)
{
    async Task<string?> Upload(int _, byte[] image)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(image), "file", "image.png" } };
        using var response = await http.PostAsync($"/ocr?lang=eng&engine={name}", content);
        if (response.StatusCode != HttpStatusCode.OK)
            return null;
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("ocr_text").GetString();
    }
    // Every process of the path runs its first requests on unoptimized code; measured warm, as the engine is.
    Console.Error.WriteLine($"warming the {name} path with {warmUp} requests");
    await Measurement.RunAsync("warm-up", "lines", Enumerable.Range(0, warmUp).Select(i => corpus.Lines[i % corpus.Lines.Count]).ToList(), inFlight,
        async (slot, image) => await Upload(slot, image) is not null);
    foreach (var (set, images, texts) in sets)
    {
        Console.Error.WriteLine($"{name} through POST /ocr, {set}");
        var (measured, cer) = await MeasureAsync($"{name} POST /ocr", set, images, texts, inFlight, Upload);
        rows.Add((name, "POST /ocr", measured, cer));
    }
}
await system.Terminate();

Console.WriteLine();
Console.WriteLine($"OCR engines on {corpus.Lines.Count} text-line images and {corpus.Pages.Count} A4 pages, English, W = {workers} workers/threads, {Environment.ProcessorCount} CPU cores");
Console.WriteLine();
Console.WriteLine("| engine | device | path | images | images/s | p50 ms | p99 ms | CER | failed |");
Console.WriteLine("|---|---|---|---|---:|---:|---:|---:|---:|");
foreach (var (engine, path, r, cer) in rows)
    Console.WriteLine(FormattableString.Invariant(
        $"| {engine} | cpu | {path} | {r.Set} | {r.ImagesPerSecond:0.0} | {r.Percentile(0.5):0} | {r.Percentile(0.99):0} | {cer:P1} | {r.Failed} |"));
Console.WriteLine($"| {OcrEngineNames.PaddleOcr} | cuda | both | both | not measured: no GPU on this machine | | | | |");
Console.WriteLine();
double Rate(string engine, string path, string set) => rows.Single(row => row.Engine == engine && row.Path == path && row.Measured.Set == set).Measured.ImagesPerSecond;
foreach (var (set, _, _) in sets)
    Console.WriteLine(FormattableString.Invariant(
        $"{set}: ppocr/tesseract in process = {Rate("ppocr", "in process", set) / Rate("tesseract", "in process", set):0.00}, through POST /ocr = {Rate("ppocr", "POST /ocr", set) / Rate("tesseract", "POST /ocr", set):0.00}"));
return rows.Sum(row => row.Measured.Failed) == 0 ? 0 : 1;
