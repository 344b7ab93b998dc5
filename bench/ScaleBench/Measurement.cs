using System.Diagnostics;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>What one timed window saw: the requests, and the CPU and work of every process and of the machine.</summary>
public sealed record Measurement(
    TimeSpan Elapsed,
    IReadOnlyList<RequestRecord> Records,
    int Failures,
    IReadOnlyList<ClusterNode> Nodes,
    IReadOnlyList<double> CpuSeconds,
    IReadOnlyList<long> Work,
    IReadOnlyList<CpuGroup.Throttling?> Throttling,
    double DriverCpuSeconds,
    double MachineBusySeconds)
{
    public double RequestsPerSecond => Records.Count / Elapsed.TotalSeconds;

    public double LatencyPercentile(double p)
    {
        var latencies = Records.Select(record => record.Latency.TotalMilliseconds).Order().ToArray();
        return latencies.Length == 0 ? 0 : latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Length) - 1, 0, latencies.Length - 1)];
    }

    /// <summary>The share of its quota a capped node used: 1 means it ran all the CPU it was allowed.</summary>
    public double QuotaShare(int node) => CpuSeconds[node] / (Nodes[node].Group!.QuotaCores() * Elapsed.TotalSeconds);

    /// <summary>Takes the counters before the window, then again when <paramref name="window"/> has run.</summary>
    public static async Task<Measurement> TakeAsync(IReadOnlyList<ClusterNode> nodes, HttpClient scraper, Func<Task<(IReadOnlyList<RequestRecord>, int)>> window)
    {
        var driverBefore = ProcessCpu.Seconds(Environment.ProcessId);
        var machineBefore = MachineCpu.BusySeconds();
        var cpuBefore = nodes.Select(node => node.CpuSeconds()).ToArray();
        var throttlingBefore = nodes.Select(node => node.Group?.ReadThrottling()).ToArray();
        var workBefore = await Task.WhenAll(nodes.Select(node => node.WorkDoneAsync(scraper)));
        var clock = Stopwatch.StartNew();

        var (records, failures) = await window();

        clock.Stop();
        var machine = MachineCpu.BusySeconds() - machineBefore;
        var driver = ProcessCpu.Seconds(Environment.ProcessId) - driverBefore;
        var cpu = nodes.Select((node, i) => node.CpuSeconds() - cpuBefore[i]).ToArray();
        var throttling = nodes.Select((node, i) => node.Group is { } group ? group.ReadThrottling() - throttlingBefore[i]! : null).ToArray();
        var work = (await Task.WhenAll(nodes.Select(node => node.WorkDoneAsync(scraper)))).Select((done, i) => done - workBefore[i]).ToArray();
        return new Measurement(clock.Elapsed, records, failures, nodes, cpu, work, throttling, driver, machine);
    }
}
