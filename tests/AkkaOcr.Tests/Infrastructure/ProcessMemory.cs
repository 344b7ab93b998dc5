namespace AkkaOcr.Tests.Infrastructure;

/// <summary>This process's resident memory, for the tests that show native memory does not grow with use.</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS in MiB, after a full collection so that managed garbage and pending finalizers do not count.</summary>
    public static double ResidentMegabytesAfterCollecting()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
