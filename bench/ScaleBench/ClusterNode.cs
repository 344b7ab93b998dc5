using System.Globalization;
using System.Text.RegularExpressions;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>A process of the cluster under load: its CPU from /proc and, for back-end nodes, its work from /metrics.</summary>
public sealed partial record ClusterNode(string Name, int Pid, Uri? Metrics)
{
    /// <summary>Parses <c>name=pid=metrics-url</c> entries separated by spaces; the gateway has no metrics url (<c>-</c>).</summary>
    public static IReadOnlyList<ClusterNode> Parse(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var parts = entry.Split('=');
            return new ClusterNode(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2] == "-" ? null : new Uri(parts[2]));
        }).ToList();

    public double CpuSeconds() => ProcessCpu.Seconds(Pid);

    /// <summary>Requests its user entities answered plus images its OCR workers finished, so far.</summary>
    public async Task<long> WorkDoneAsync(HttpClient http)
    {
        if (Metrics is null)
            return 0;
        var text = await http.GetStringAsync(new Uri(Metrics, "/metrics"));
        return Work().Matches(text).Sum(match => long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^akkaocr_(user_messages|ocr_images)_total\{[^}]*\} (?<count>\d+)", RegexOptions.Multiline)]
    private static partial Regex Work();
}
