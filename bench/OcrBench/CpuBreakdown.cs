using System.Diagnostics;
using System.Globalization;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.OcrBench;

/// <summary>
/// Where the machine's CPU went while one measurement ran: each named process of the cluster, this
/// benchmark program (the client), and the rest of the machine (PostgreSQL, RabbitMQ, anything else),
/// from <c>/proc</c> before and after.
/// </summary>
public sealed class CpuBreakdown
{
    private readonly IReadOnlyDictionary<string, int> _processes;

    private CpuBreakdown(IReadOnlyDictionary<string, int> processes) => _processes = processes;

    /// <summary>From "name=pid,name=pid"; an empty text names no process.</summary>
    public static CpuBreakdown Of(string namedPids) => new(namedPids
        .Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => int.Parse(pair[1], CultureInfo.InvariantCulture)));

    public IEnumerable<string> Names => _processes.Keys;

    public Sample Take() => new(
        MachineBusySeconds(),
        Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
        _processes.ToDictionary(pair => pair.Key, pair => ProcessCpu.Seconds(pair.Value)));

    /// <summary>CPU milliseconds per image between two samples: each process, the client, the rest, and the machine's total.</summary>
    public static Usage PerImage(Sample before, Sample after, int images)
    {
        double PerImage(double seconds) => seconds * 1000 / Math.Max(1, images);
        var processes = after.Processes.ToDictionary(pair => pair.Key, pair => PerImage(pair.Value - before.Processes[pair.Key]));
        var client = PerImage(after.Client - before.Client);
        var machine = PerImage(after.MachineBusy - before.MachineBusy);
        return new Usage(processes, client, Math.Max(0, machine - client - processes.Values.Sum()), machine);
    }

    /// <summary>Non-idle time of all cores, from the first line of <c>/proc/stat</c> (in USER_HZ ticks of 1/100 s).</summary>
    private static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        return (fields.Take(8).Sum() - fields[3] - fields[4]) / 100.0;
    }

    public sealed record Sample(double MachineBusy, double Client, IReadOnlyDictionary<string, double> Processes);

    public sealed record Usage(IReadOnlyDictionary<string, double> Processes, double Client, double Rest, double Machine);
}
