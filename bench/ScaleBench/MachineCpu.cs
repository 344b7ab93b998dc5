using System.Globalization;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>The whole machine's busy CPU time, from the first line of <c>/proc/stat</c>: everything but idle and I/O wait.</summary>
public static class MachineCpu
{
    /// <summary>Linux's USER_HZ, as in <see cref="AkkaOcr.LoadDriver.ProcessCpu"/>.</summary>
    private const double TicksPerSecond = 100;

    public static double BusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user and nice]
        const int idle = 3, ioWait = 4, guest = 8;
        var busy = fields.Take(guest).Where((_, i) => i is not idle and not ioWait).Sum();
        return busy / TicksPerSecond;
    }
}
