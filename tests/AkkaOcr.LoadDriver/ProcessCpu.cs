using System.Globalization;

namespace AkkaOcr.LoadDriver;

/// <summary>User plus system CPU time of processes, read from <c>/proc/PID/stat</c>.</summary>
public static class ProcessCpu
{
    /// <summary>Linux's USER_HZ; <c>getconf CLK_TCK</c> is 100 on every mainstream distribution.</summary>
    private const double TicksPerSecond = 100;

    public static double Seconds(string commaSeparatedPids) =>
        commaSeparatedPids.Split(',', StringSplitOptions.RemoveEmptyEntries).Sum(pid => Seconds(int.Parse(pid, CultureInfo.InvariantCulture)));

    public static double Seconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may contain spaces.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
