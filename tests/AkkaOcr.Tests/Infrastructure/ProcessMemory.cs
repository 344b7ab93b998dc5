using System.Runtime;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>This process's memory, for the tests that show native memory does not grow with use.</summary>
public static class ProcessMemory
{
    /// <summary>Resident memory and the managed heap's committed part, in MiB, after a full collection.</summary>
    public readonly record struct Sample(double ResidentMegabytes, double ManagedCommittedMegabytes)
    {
        /// <summary>
        /// What is resident besides the managed heap: native allocations. The managed heap's committed size
        /// comes off because the GC keeps freed large-object space committed for reuse, more so late in a
        /// long test run, and that is not a leak.
        /// </summary>
        public double NativeMegabytes => ResidentMegabytes - ManagedCommittedMegabytes;

        public override string ToString() =>
            FormattableString.Invariant($"RSS {ResidentMegabytes:0.0} MiB, managed heap {ManagedCommittedMegabytes:0.0} MiB, native {NativeMegabytes:0.0} MiB");
    }

    public static Sample AfterCollecting()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var resident = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return new Sample(resident, GC.GetGCMemoryInfo().TotalCommittedBytes / 1024.0 / 1024.0);
    }
}
