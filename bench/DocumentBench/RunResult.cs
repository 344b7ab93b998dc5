using System.Globalization;

namespace AkkaOcr.Bench.DocumentBench;

/// <summary>
/// One way of reading the document: wall time, the time to the first page done and to the last, the error
/// rates of the text and of the searchable PDF's text layer, and the CPU each process spent meanwhile, and the machine's load average before and after.
/// </summary>
public sealed record RunResult(
    string Run,
    int Pages,
    double Seconds,
    double? AcceptedSeconds,
    double? FirstProgressSeconds,
    double? LastPageSeconds,
    double? CerText,
    double? WorstPageCerText,
    double CerPdf,
    double WorstPageCerPdf,
    long PdfBytes,
    IReadOnlyDictionary<string, CpuSample> Cpu,
    LoadAverage Load)
{
    public double PagesPerSecond => Pages / Seconds;

}

/// <summary>The machine's 1-minute load average (from <c>/proc/loadavg</c>) before and after a run: how much else wanted the cores.</summary>
public sealed record LoadAverage(double Start, double End)
{
    public static double Now() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
