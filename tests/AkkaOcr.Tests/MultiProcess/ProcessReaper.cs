using System.Collections.Concurrent;
using System.Diagnostics;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// The safety net behind <see cref="ClusterHarness"/>'s disposal: whatever cluster process is still
/// alive when the test host exits (a crashed test, an aborted run) is killed, so none outlives it and
/// holds ports or a database.
/// </summary>
internal static class ProcessReaper
{
    private static readonly ConcurrentDictionary<int, Process> Alive = new();

    static ProcessReaper() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    public static void Watch(Process process) => Alive[process.Id] = process;

    public static void Forget(Process process) => Alive.TryRemove(process.Id, out _);

    private static void KillAll()
    {
        foreach (var process in Alive.Values)
        {
            try
            {
                if (!process.HasExited)
                    PosixSignals.Send(process.Id, PosixSignals.Kill);
            }
            catch (Exception)
            {
                // Exiting anyway; the next process still deserves its try.
            }
        }
    }
}
