using System.Globalization;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>
/// A cgroup v1 <c>cpu</c> group that bench/scale.sh put one node in: its quota in cores, and how often the
/// kernel held the group back for having used its quota (the sign that the node wanted more CPU than it got).
/// </summary>
public sealed record CpuGroup(string Directory)
{
    /// <summary>CPU the group may use, in cores: <c>cpu.cfs_quota_us</c> / <c>cpu.cfs_period_us</c>.</summary>
    public double QuotaCores()
    {
        var quota = ReadNumber("cpu.cfs_quota_us");
        if (quota <= 0)
            throw new InvalidOperationException($"{Directory} has no CPU quota");
        return (double)quota / ReadNumber("cpu.cfs_period_us");
    }

    /// <summary>Caps the group at <paramref name="cores"/> of one core's time, from the next period on.</summary>
    public void Limit(double cores)
    {
        if (cores is <= 0.01 or > 64)
            throw new ArgumentOutOfRangeException(nameof(cores), cores, "a CPU quota is between 0.01 and 64 cores");
        var period = ReadNumber("cpu.cfs_period_us");
        File.WriteAllText(Path.Combine(Directory, "cpu.cfs_quota_us"), ((long)Math.Round(cores * period)).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Enforcement periods in which the group ran so far, and in how many of them it was throttled.</summary>
    public Throttling ReadThrottling()
    {
        var fields = File.ReadAllLines(Path.Combine(Directory, "cpu.stat"))
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return new Throttling(fields["nr_periods"], fields["nr_throttled"]);
    }

    private long ReadNumber(string file) =>
        long.Parse(File.ReadAllText(Path.Combine(Directory, file)).Trim(), CultureInfo.InvariantCulture);

    /// <param name="Periods">Periods in which the group had something to run.</param>
    /// <param name="Throttled">Periods that ended with the group held back, its quota spent.</param>
    public sealed record Throttling(long Periods, long Throttled)
    {
        public static Throttling operator -(Throttling after, Throttling before) =>
            new(after.Periods - before.Periods, after.Throttled - before.Throttled);

        public double ThrottledShare => Periods == 0 ? 0 : (double)Throttled / Periods;
    }
}
