using System.Globalization;
using System.Text.RegularExpressions;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>
/// A process of the cluster under load: its CPU from /proc, for back-end nodes its work from /metrics, and
/// the CPU group that caps it, when it has one.
/// </summary>
public sealed partial record ClusterNode(string Name, int Pid, Uri? Metrics, CpuGroup? Group)
{
    /// <summary>
    /// Parses <c>name=pid=metrics-url[=cpu-group-directory]</c> entries separated by spaces; a process
    /// without metrics (a gateway) has <c>-</c> for its url.
    /// </summary>
    public static IReadOnlyList<ClusterNode> Parse(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var parts = entry.Split('=', 4);
            if (parts.Length < 3)
                throw new FormatException($"'{entry}' is not name=pid=metrics-url[=cpu-group]");
            return new ClusterNode(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2] == "-" ? null : new Uri(parts[2]),
                parts.Length == 4 ? new CpuGroup(parts[3]) : null);
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
