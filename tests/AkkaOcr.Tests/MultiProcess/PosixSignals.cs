using System.ComponentModel;
using System.Runtime.InteropServices;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// kill(2), because <see cref="System.Diagnostics.Process.Kill()"/> can only send SIGKILL, and a graceful
/// stop (cluster leave, shard hand-off, draining) starts with SIGTERM. SIGSTOP and SIGCONT freeze a process
/// and let it run again, as a long GC pause or a stalled virtual machine would.
/// </summary>
public static class PosixSignals
{
    public const int Terminate = 15;
    public const int Kill = 9;

    // Linux's numbers (x86-64 and arm64 alike); other systems number these two differently.
    public const int Stop = 19;
    public const int Continue = 18;

    private const int NoSuchProcess = 3;

    /// <summary>Sends <paramref name="signal"/>; a process that is already gone is not an error.</summary>
    public static void Send(int pid, int signal)
    {
        if (kill(pid, signal) == 0)
            return;
        var errno = Marshal.GetLastPInvokeError();
        if (errno != NoSuchProcess)
            throw new Win32Exception(errno, $"kill({pid}, {signal}) failed");
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code enabled for the
    // whole test project, and two ints need no marshalling.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
