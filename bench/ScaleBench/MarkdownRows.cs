using System.Globalization;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>The benchmark's result as one Markdown table row; bench/scale.sh prints the header.</summary>
public static class MarkdownRows
{
    /// <summary>A capped node that used less than this share of its quota was not the limit.</summary>
    public const double SaturatedShare = 0.9;

    /// <summary>The uncapped cluster of the shared mode: CPU per request and the work of each users and ocr node.</summary>
    public static string Shared(string label, Measurement m)
    {
        string Share(string role) => string.Join(" / ", m.Nodes.Select((node, i) => (node, i))
            .Where(x => x.node.Name.StartsWith(role, StringComparison.Ordinal)).Select(x => Invariant($"{m.Work[x.i]}")));
        var cpuPerNode = string.Join(", ", m.Nodes.Select((node, i) => Invariant($"{node.Name} {m.CpuSeconds[i]:0.0}")));
        return Invariant($"| {label} | {m.RequestsPerSecond:0.0} | {m.LatencyPercentile(0.5):0} | {m.LatencyPercentile(0.99):0} | ") +
            Invariant($"{m.Failures} | {m.CpuSeconds.Sum() * 1000 / Math.Max(1, m.Records.Count):0.0} | {Share("users")} | {Share("ocr")} | {cpuPerNode} |");
    }

    /// <summary>
    /// A capped run: throughput and scaling efficiency against <paramref name="baseline"/> (the 1-node run's
    /// requests/s; null for that run itself), how much of its quota each capped node used and how often it was
    /// throttled, the CPU of everything uncapped, and which of them was the limit.
    /// </summary>
    public static string Capped(int nodeCount, double? baseline, Measurement m)
    {
        var capped = Enumerable.Range(0, m.Nodes.Count).Where(i => m.Nodes[i].Group is not null).ToArray();
        var uncapped = Enumerable.Range(0, m.Nodes.Count).Where(i => m.Nodes[i].Group is null).ToArray();
        var efficiency = m.RequestsPerSecond / (nodeCount * (baseline ?? m.RequestsPerSecond));
        var cappedCpu = string.Join(", ", capped.Select(i => Invariant($"{m.Nodes[i].Name} {m.CpuSeconds[i]:0.0} ({m.QuotaShare(i):P0})")));
        var throttled = string.Join(" / ", capped.Select(i => Invariant($"{m.Throttling[i]!.ThrottledShare:P0}")));
        // A gateway has no /metrics: its share shows in its CPU.
        var work = string.Join(" / ", capped.Select(i => m.Nodes[i].Metrics is null ? "—" : Invariant($"{m.Work[i]}")));
        var rest = m.MachineBusySeconds - m.CpuSeconds.Sum() - m.DriverCpuSeconds;
        var uncappedCpu = string.Join(", ", uncapped.Select(i => Invariant($"{m.Nodes[i].Name} {m.CpuSeconds[i]:0.0}"))
            .Append(Invariant($"load driver {m.DriverCpuSeconds:0.0}")).Append(Invariant($"rest {Math.Max(0, rest):0.0}")));
        var machineCores = m.MachineBusySeconds / m.Elapsed.TotalSeconds;
        return Invariant($"| {nodeCount} | {m.RequestsPerSecond:0.0} | {efficiency:0.00} | {m.LatencyPercentile(0.5):0} | {m.LatencyPercentile(0.99):0} | {m.Failures} | ") +
            Invariant($"{cappedCpu} | {throttled} | {work} | {uncappedCpu} | {machineCores:0.00} of {Environment.ProcessorCount} | {Bottleneck(m, capped, machineCores)} |");
    }

    private static string Bottleneck(Measurement m, int[] capped, double machineCores)
    {
        var least = capped.Min(m.QuotaShare);
        if (least >= SaturatedShare)
            return Invariant($"the capped nodes (each used at least {least:P0} of its quota)");
        if (machineCores >= SaturatedShare * Environment.ProcessorCount)
            return Invariant($"the machine's cores (a capped node used only {least:P0} of its quota)");
        return Invariant($"neither CPU: too few requests in flight (a capped node used only {least:P0} of its quota)");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
