using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using AkkaOcr.Bench.AuthBench;
using AkkaOcr.Bench.DocumentBench;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Users;
using Npgsql;

// Run by bench/documents.sh in this order, all in one folder:
//   render FOLDER                the document (BENCH_PAGES pages, 40) and a 4-page warm-up document
//   ocrmypdf FOLDER [rotate]     (a): ocrmypdf -j 2 --output-type pdf --optimize 0; (a′) with --rotate-pages too
//   job FOLDER KEY LABEL [QUERY] (b), (c): the job API, as a newly signed-up user, after a warm-up job;
//                                BENCH_URL (gateway), BENCH_DB (journal, for the sign-up code), BENCH_DATA_KEY,
//                                BENCH_PIDS ("name=pid ...": the processes whose CPU is counted)
//   report FOLDER                the tables
static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");

var mode = args.ElementAtOrDefault(0) ?? throw new ArgumentException("usage: render|ocrmypdf|job|report FOLDER ...");
var folder = args.ElementAtOrDefault(1) ?? throw new ArgumentException("FOLDER is missing");
var textsPath = Path.Combine(folder, "texts.json");
var resultsPath = Path.Combine(folder, "results.jsonl");
var documentPath = Path.Combine(folder, "document.pdf");
string[] Texts() => JsonSerializer.Deserialize<string[]>(File.ReadAllText(textsPath))!;
void Record(RunResult result) => File.AppendAllText(resultsPath, JsonSerializer.Serialize(result) + "\n");

switch (mode)
{
    case "render":
    {
        var pages = int.TryParse(Environment.GetEnvironmentVariable("BENCH_PAGES"), CultureInfo.InvariantCulture, out var n) ? n : 40;
        var texts = BenchDocument.WritePdf(folder, "document", 1, pages, pages);
        BenchDocument.WritePdf(folder, "warmup", pages + 1, pages + 4, pages + 4);
        File.WriteAllText(textsPath, JsonSerializer.Serialize(texts));
        Console.Error.WriteLine(FormattableString.Invariant(
            $"{pages} A4 pages at {BenchDocument.Dpi} dpi, {texts.Average(t => t.Length):0} characters a page, {new FileInfo(documentPath).Length / 1e6:0.0} MB"));
        return 0;
    }
    case "ocrmypdf":
    {
        var texts = Texts();
        // (a′) turns pages upright as the job API does by default, so that both runs pay for orientation detection.
        var rotate = args.ElementAtOrDefault(2) == "rotate";
        var output = Path.Combine(folder, rotate ? "ocrmypdf-rotate.pdf" : "ocrmypdf.pdf");
        // ocrmypdf and everything it starts are this process's children; their CPU arrives in its cutime/cstime once waited for.
        var before = ProcessTreeCpu.Of(Environment.ProcessId);
        var loadBefore = LoadAverage.Now();
        var wall = Stopwatch.StartNew();
        Tools.Run("ocrmypdf", ["-j", "2", "--output-type", "pdf", "--optimize", "0", .. rotate ? new[] { "--rotate-pages" } : [], documentPath, output],
            TimeSpan.FromMinutes(30));
        wall.Stop();
        var spent = ProcessTreeCpu.Of(Environment.ProcessId) - before;
        var (cer, worst) = CharacterErrorRate.OfPages(texts, Tools.PagesOf(output, texts.Length));
        Record(new RunResult(rotate ? "(a′) ocrmypdf -j 2 --rotate-pages" : "(a) ocrmypdf -j 2", texts.Length, wall.Elapsed.TotalSeconds, null, null, null, null, null, cer, worst,
            new FileInfo(output).Length, new Dictionary<string, CpuSample> { ["ocrmypdf with its tools"] = new(spent.Children, 0) }, new LoadAverage(loadBefore, LoadAverage.Now())));
        return 0;
    }
    case "job":
    {
        var key = args[2];
        var label = args[3];
        var query = args.ElementAtOrDefault(4) ?? "";
        var texts = Texts();
        var pids = Env("BENCH_PIDS").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => int.Parse(pair[1], CultureInfo.InvariantCulture));
        using var http = new HttpClient { BaseAddress = new Uri(Env("BENCH_URL")), Timeout = TimeSpan.FromMinutes(5) };
        using (var system = ActorSystem.Create("bench", "akka.loglevel = WARNING")) // only to read the sign-up code from the journal with the protocol serializer
        {
            await using var db = NpgsqlDataSource.Create(Env("BENCH_DB"));
            var codes = new JournalCodeSource(db, new OtpCodes(Encoding.UTF8.GetBytes(Env("BENCH_DATA_KEY"))), new AkkaOcrSerializer((ExtendedActorSystem)system));
            var token = await new FlowRunner(http, codes).SignUpAsync() ?? throw new InvalidOperationException("could not sign up a benchmark user");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await system.Terminate();
        }
        var jobs = new JobClient(http, query);
        Console.Error.WriteLine($"{label}: warm-up job");
        await jobs.RunAsync(await File.ReadAllBytesAsync(Path.Combine(folder, "warmup.pdf")));

        Console.Error.WriteLine($"{label}: {texts.Length} pages");
        var document = await File.ReadAllBytesAsync(documentPath);
        var before = pids.ToDictionary(p => p.Key, p => ProcessTreeCpu.Of(p.Value));
        var loadBefore = LoadAverage.Now();
        var times = await jobs.RunAsync(document);
        var spent = pids.ToDictionary(p => p.Key, p => ProcessTreeCpu.Of(p.Value) - before[p.Key]);
        var load = new LoadAverage(loadBefore, LoadAverage.Now());

        var text = await http.GetStringAsync($"/ocr/jobs/{times.JobId}/result?format=text");
        var (cerText, worstText) = CharacterErrorRate.OfPages(texts, text.Split('\f'));
        var pdfPath = Path.Combine(folder, $"job-{key}.pdf");
        await File.WriteAllBytesAsync(pdfPath, await http.GetByteArrayAsync($"/ocr/jobs/{times.JobId}/result?format=pdf"));
        var (cerPdf, worstPdf) = CharacterErrorRate.OfPages(texts, Tools.PagesOf(pdfPath, texts.Length));
        Record(new RunResult(label, texts.Length, times.Succeeded.TotalSeconds, times.Accepted.TotalSeconds, times.FirstPage?.TotalSeconds,
            times.LastPage?.TotalSeconds, cerText, worstText, cerPdf, worstPdf, new FileInfo(pdfPath).Length, spent, load));
        return 0;
    }
    case "report":
    {
        var results = File.ReadAllLines(resultsPath).Select(line => JsonSerializer.Deserialize<RunResult>(line)!).ToList();
        var anchor = results.FirstOrDefault(r => r.Run.StartsWith("(a)", StringComparison.Ordinal));
        var cores = Environment.ProcessorCount;
        static string Percent(double? value) => value is { } v ? FormattableString.Invariant($"{v * 100:0.00} %") : "—";
        static string Number(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant(
            $"One scanned PDF of {results[0].Pages} A4 pages at {BenchDocument.Dpi} dpi (DejaVu Serif 11 pt, known text), {cores} cores"));
        Console.WriteLine();
        Console.WriteLine("| run | pages | seconds | pages/s | first progress (s) | CER text | CER pdf | ratio vs (a) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            Console.WriteLine($"| {r.Run} | {r.Pages} | {Number(r.Seconds, "0.0")} | {Number(r.PagesPerSecond, "0.00")} | {Number(r.FirstProgressSeconds, "0.0")} | " +
                $"{Percent(r.CerText)} | {Percent(r.CerPdf)} | {Number(anchor is null ? null : r.PagesPerSecond / anchor.PagesPerSecond, "0.00")} |");
        Console.WriteLine();
        Console.WriteLine("CER: edits over characters of all pages, whitespace runs as one space; text is result?format=text split at form feeds,");
        Console.WriteLine("pdf is pdftotext of the searchable PDF. Worst page: " + string.Join("; ", results.Select(r =>
            $"{r.Run} {(r.WorstPageCerText is null ? "" : "text " + Percent(r.WorstPageCerText) + ", ")}pdf {Percent(r.WorstPageCerPdf)}")) + ".");
        Console.WriteLine();
        Console.WriteLine("Where the time goes (CPU seconds from /proc, user + system, child processes included, during the measured run):");
        Console.WriteLine();
        Console.WriteLine("| run | wall s | load average before → after | CPU s used / available | CPU s per page | by process |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var used = r.Cpu.Values.Sum(c => c.Total);
            var parts = r.Cpu.Select(c => c.Value.Children >= 0.05
                ? FormattableString.Invariant($"{c.Key} {c.Value.Total:0.0} ({c.Value.Own:0.0} own + {c.Value.Children:0.0} in child processes)")
                : FormattableString.Invariant($"{c.Key} {c.Value.Total:0.0}"));
            Console.WriteLine(FormattableString.Invariant(
                $"| {r.Run} | {r.Seconds:0.0} | {r.Load.Start:0.0} → {r.Load.End:0.0} | {used:0.0} / {r.Seconds * cores:0.0} | {used / r.Pages:0.00} | {string.Join(", ", parts)} |"));
        }
        Console.WriteLine();
        foreach (var r in results.Where(r => r.AcceptedSeconds is not null))
            Console.WriteLine(FormattableString.Invariant(
                $"{r.Run}: 202 after {r.AcceptedSeconds:0.00} s, first page done at {Number(r.FirstProgressSeconds, "0.0")} s, last page at {Number(r.LastPageSeconds, "0.0")} s, succeeded at {r.Seconds:0.0} s; searchable PDF {r.PdfBytes / 1e6:0.0} MB."));
        if (anchor is not null)
            Console.WriteLine(FormattableString.Invariant($"{anchor.Run}: searchable PDF {anchor.PdfBytes / 1e6:0.0} MB."));
        var b = results.FirstOrDefault(r => r.Run.StartsWith("(b)", StringComparison.Ordinal));
        if (anchor is not null && b is not null)
            Console.WriteLine(FormattableString.Invariant(
                $"Goal (b) >= 1.3 x (a) in pages/s at equal or better CER: {b.PagesPerSecond / anchor.PagesPerSecond:0.00} x, CER pdf {Percent(b.CerPdf)} against {Percent(anchor.CerPdf)}."));
        var rotating = results.FirstOrDefault(r => r.Run.StartsWith("(a′)", StringComparison.Ordinal));
        if (rotating is not null && b is not null)
            Console.WriteLine(FormattableString.Invariant(
                $"Like for like, both turning pages upright: (b) is {b.PagesPerSecond / rotating.PagesPerSecond:0.00} x (a′)."));
        return 0;
    }
    default:
        throw new ArgumentException($"unknown mode {mode}");
}
