using System.Globalization;

namespace AkkaOcr.Bench.DocumentBench;

/// <summary>CPU seconds a process spent itself, and what its children spent: those it has waited for and those still running.</summary>
public sealed record CpuSample(double Own, double Children)
{
    public double Total => Own + Children;

    public static CpuSample operator -(CpuSample after, CpuSample before) => new(after.Own - before.Own, after.Children - before.Children);
}

/// <summary>Reads user plus system time from <c>/proc/PID/stat</c>, with <c>cutime</c>/<c>cstime</c> for waited-for children.</summary>
public static class ProcessTreeCpu
{
    /// <summary>Linux's USER_HZ; <c>getconf CLK_TCK</c> is 100 on every mainstream distribution.</summary>
    private const double TicksPerSecond = 100;

    public static CpuSample Of(int pid)
    {
        var processes = new Dictionary<int, Stat>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out var id) && Read(id) is { } stat)
                processes[id] = stat;
        }
        if (!processes.TryGetValue(pid, out var self))
            return new CpuSample(0, 0);
        var children = self.Reaped;
        var parents = new Queue<int>([pid]);
        while (parents.TryDequeue(out var parent))
        {
            foreach (var (id, stat) in processes.Where(p => p.Value.Parent == parent))
            {
                children += stat.Own + stat.Reaped;
                parents.Enqueue(id);
            }
        }
        return new CpuSample(self.Own, children);
    }

    private static Stat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // it ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // Fields after the command name, which is in parentheses and may contain spaces: state, ppid, …, utime (12th), stime, cutime, cstime.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        double Seconds(int field) => long.Parse(fields[field], CultureInfo.InvariantCulture) / TicksPerSecond;
        return new Stat(int.Parse(fields[1], CultureInfo.InvariantCulture), Seconds(11) + Seconds(12), Seconds(13) + Seconds(14));
    }

    private sealed record Stat(int Parent, double Own, double Reaped);
}
