using System.Globalization;
using AkkaOcr.Bench.ClusterLoad;
using AkkaOcr.LoadDriver;

// Settings from the environment: LOAD_GATEWAY (http://127.0.0.1:5001), LOAD_MAILDEV (http://127.0.0.1:1080),
// LOAD_SECONDS (60), LOAD_CONCURRENCY (4), LOAD_MAX_FLOWS (100000), LOAD_OCR_WEIGHT (1: one flow in five uploads
// a rendered text line; 0 for auth only).
static string Setting(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

using var mailDev = new HttpClient { BaseAddress = new Uri(Setting("LOAD_MAILDEV", "http://127.0.0.1:1080")), Timeout = TimeSpan.FromSeconds(10) };
var options = new LoadOptions
{
    Gateway = new Uri(Setting("LOAD_GATEWAY", "http://127.0.0.1:5001")),
    Duration = TimeSpan.FromSeconds(int.Parse(Setting("LOAD_SECONDS", "60"), CultureInfo.InvariantCulture)),
    Concurrency = int.Parse(Setting("LOAD_CONCURRENCY", "4"), CultureInfo.InvariantCulture),
    MaxFlows = int.Parse(Setting("LOAD_MAX_FLOWS", "100000"), CultureInfo.InvariantCulture),
    Mix = [(new SignUpFlow(), 3), (new SignInFlow(), 1),
        (new OcrUploadFlow(ImageCorpus.Render(lines: 20, pages: 0).Lines), int.Parse(Setting("LOAD_OCR_WEIGHT", "1"), CultureInfo.InvariantCulture))],
};
Console.Error.WriteLine($"driving {options.Gateway} for {options.Duration.TotalSeconds:0} s, {options.Concurrency} flows in flight");
await using var run = LoadRun.Start(options, new MailDevOtpSource(mailDev));
// The run ends by itself after the duration; the flows still running then get a bounded while to finish.
await run.Completion.WaitAsync(options.Duration + options.MailTimeout + TimeSpan.FromMinutes(1));

foreach (var failure in run.Log.Failures)
    Console.WriteLine($"FAILED {failure}");
Console.WriteLine($"{run.FlowsStarted} flows, {run.Log.Count} requests, {run.Log.Failures.Count} failed");
Console.WriteLine(run.Log.Summary());
return run.Log.Failures.Count == 0 ? 0 : 1;
