using System.Globalization;

namespace AkkaOcr.Bench.MailBench;

/// <summary>CPU seconds (user plus system) used so far by the application under test, the broker and PostgreSQL.</summary>
public readonly record struct CpuSample(double App, double Broker, double Database)
{
    public static CpuSample operator -(CpuSample after, CpuSample before) =>
        new(after.App - before.App, after.Broker - before.Broker, after.Database - before.Database);
}

/// <summary>
/// Reads CPU time from <c>/proc</c>: of one application process, of the broker's Erlang VM, and of
/// the PostgreSQL server with all its backends (live ones, plus those that ended, which the server
/// has reaped into its children's time). A process that cannot be read yields NaN, shown as n/a.
/// </summary>
public sealed class CpuMeter(int appPid, int? brokerPid, int? postmasterPid)
{
    /// <summary>Linux's USER_HZ; <c>getconf CLK_TCK</c> is 100 on every mainstream distribution.</summary>
    private const double TicksPerSecond = 100;

    public CpuSample Sample() => new(
        Seconds(appPid, withReapedChildren: false),
        brokerPid is { } broker ? Seconds(broker, withReapedChildren: true) : double.NaN,
        postmasterPid is { } postmaster ? TreeSeconds(postmaster) : double.NaN);

    /// <summary>The pid on the first line of a pid file such as <c>postmaster.pid</c>, or null when it cannot be read.</summary>
    public static int? PidFromFile(string? path)
    {
        try
        {
            return path is not null && int.TryParse(File.ReadLines(path).FirstOrDefault()?.Trim(), CultureInfo.InvariantCulture, out var pid)
                ? pid
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double TreeSeconds(int rootPid)
    {
        var total = Seconds(rootPid, withReapedChildren: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) || pid == rootPid)
                continue;
            if (Fields(pid) is { } fields && fields[1] == rootPid.ToString(CultureInfo.InvariantCulture))
                total += Ticks(fields, 11) + Ticks(fields, 12);
        }
        return total;
    }

    private static double Seconds(int pid, bool withReapedChildren)
    {
        if (Fields(pid) is not { } fields)
            return double.NaN;
        var own = Ticks(fields, 11) + Ticks(fields, 12);
        return withReapedChildren ? own + Ticks(fields, 13) + Ticks(fields, 14) : own;
    }

    private static double Ticks(string[] fields, int index) =>
        long.Parse(fields[index], CultureInfo.InvariantCulture) / TicksPerSecond;

    /// <summary>The fields of <c>/proc/PID/stat</c> after the command name (state first, then ppid, …).</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may itself contain spaces or parentheses.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
