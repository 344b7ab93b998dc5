using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// One running incarnation of a cluster process (the gateway or a <c>Nodes</c> process), with its
/// output captured. Stopped gracefully with SIGTERM or crashed with SIGKILL.
/// </summary>
public sealed class NodeProcess
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly Process _process;

    internal NodeProcess(NodeSpec spec, Process process, ProcessOutput output)
    {
        Spec = spec;
        _process = process;
        Output = output;
        Pid = process.Id;
    }

    public NodeSpec Spec { get; }

    public string Name => Spec.Name;

    public int Pid { get; }

    public ProcessOutput Output { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary><c>/health/ready</c>'s status and report; a null status when nothing answers.</summary>
    public async Task<Readiness> ReadinessAsync()
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(Spec.BaseAddress, "/health/ready"));
            return new Readiness(DateTimeOffset.UtcNow, response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Readiness(DateTimeOffset.UtcNow, null, e.GetBaseException().Message);
        }
    }

    /// <summary>Waits for <c>/health/ready</c> to answer 200; fails early, with the output, if the process exits.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await ReadinessAsync()).Status != HttpStatusCode.OK)
        {
            if (HasExited)
                throw new InvalidOperationException($"{Spec} exited with {ExitCode} before it was ready:{Environment.NewLine}{Output.Tail(60)}");
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"{Spec} not ready within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Output.Tail(60)}");
            await Task.Delay(250);
        }
    }

    /// <summary>SIGTERM, then waits for the exit; SIGKILL if it takes longer than <paramref name="timeout"/>. True when it stopped by itself.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        PosixSignals.Send(Pid, PosixSignals.Terminate);
        if (await WaitForExitAsync(timeout))
            return true;
        await KillAsync();
        return false;
    }

    /// <summary>
    /// <see cref="StopAsync"/> while <c>/health/ready</c> is asked every 100 ms until the process is gone,
    /// to show what a balancer saw during the stop.
    /// </summary>
    public async Task<(bool StoppedByItself, IReadOnlyList<Readiness> Readiness)> StopWhileProbingReadinessAsync(TimeSpan timeout)
    {
        var readiness = new ConcurrentQueue<Readiness>();
        using var stopProbing = new CancellationTokenSource();
        var probing = Task.Run(async () =>
        {
            while (!stopProbing.IsCancellationRequested && !HasExited)
            {
                readiness.Enqueue(await ReadinessAsync());
                await Task.Delay(100);
            }
        });
        var stoppedByItself = await StopAsync(timeout);
        await stopProbing.CancelAsync();
        await probing;
        return (stoppedByItself, readiness.ToArray());
    }

    /// <summary>SIGKILL: the process vanishes without leaving the cluster, as in a crash or a lost machine.</summary>
    public async Task KillAsync()
    {
        PosixSignals.Send(Pid, PosixSignals.Kill);
        if (!await WaitForExitAsync(TimeSpan.FromSeconds(10)))
            throw new TimeoutException($"{Spec} (pid {Pid}) still runs 10 s after SIGKILL");
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            ProcessReaper.Forget(_process);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public override string ToString() => $"{Spec} pid {Pid}{(HasExited ? $", exited with {ExitCode}" : "")}";

    public sealed record Readiness(DateTimeOffset At, HttpStatusCode? Status, string Body)
    {
        public override string ToString() => $"{At:HH:mm:ss.fff} {(Status is { } status ? (int)status : "no answer")} {Body}";
    }
}
