using System.Diagnostics;
using AkkaOcr.Tests.MultiProcess;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ node of one test's own, on free loopback ports with its data in a temporary folder, that the
/// test may kill with SIGKILL, freeze and start again without disturbing the broker every other test shares.
/// Its data outlives a kill, as a real broker's disk does: messages it confirmed must be there after a restart.
/// </summary>
public sealed class PrivateRabbitMqServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder;
    private readonly string _node;
    private readonly int _distributionPort;

    private PrivateRabbitMqServer(string folder, string node, int port, int distributionPort)
    {
        _folder = folder;
        _node = node;
        Port = port;
        _distributionPort = distributionPort;
        // A test host that dies without disposing must not leave a broker behind.
        AppDomain.CurrentDomain.ProcessExit += KillAtExit;
    }

    public int Port { get; }

    /// <summary>The default virtual host as guest, who may connect over loopback.</summary>
    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    /// <summary>The broker's Erlang VM while it runs: the process a kill or a freeze is sent to.</summary>
    public int? Pid { get; private set; }

    private string PidFile => Path.Combine(_folder, "rabbitmq.pid");

    private string LogFile => Path.Combine(_folder, "server.out");

    public static async Task<PrivateRabbitMqServer> StartNewAsync()
    {
        var folder = Directory.CreateTempSubdirectory("akkaocr-rabbitmq-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "mnesia"));
        Directory.CreateDirectory(Path.Combine(folder, "log"));
        await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[].");
        // The Debian wrapper runs the broker as the rabbitmq user, which must own its data.
        if (Environment.UserName == "root")
            await RunAsync("chown", ["-R", "rabbitmq:rabbitmq", folder]);
        var server = new PrivateRabbitMqServer(folder, $"akkaocr-{Guid.NewGuid():N}"[..20] + "@localhost", FreeTcpPort.Next(), FreeTcpPort.Next());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the broker (again, on the same data after a kill) and returns once it serves.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec rabbitmq-server >>\"$0\" 2>&1 </dev/null");
        start.ArgumentList.Add(LogFile);
        start.Environment["RABBITMQ_NODENAME"] = _node;
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = Port.ToString();
        start.Environment["RABBITMQ_DIST_PORT"] = _distributionPort.ToString();
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_folder, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_folder, "log");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_folder, "enabled_plugins");
        start.Environment["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(_folder, "feature_flags");
        start.Environment["RABBITMQ_PID_FILE"] = PidFile;
        using (Process.Start(start))
        {
            // The broker runs on in its own session; it is found again through its pid file.
        }

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await RunAsync("rabbitmqctl", ["-n", _node, "await_startup", "--timeout", "10"]);
                break;
            }
            catch (InvalidOperationException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            catch (InvalidOperationException e)
            {
                throw new TimeoutException($"the private RabbitMQ did not start within {StartTimeout.TotalSeconds:0} s: {e.Message}{Environment.NewLine}{LogTail()}");
            }
        }
        Pid = int.Parse((await File.ReadAllTextAsync(PidFile)).Trim());
    }

    /// <summary>SIGKILL to the broker's VM, as a crash or the out-of-memory killer would: no clean shutdown.</summary>
    public async Task KillAsync()
    {
        if (Pid is not { } pid)
            return;
        Pid = null;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            await process.WaitForExitAsync(new CancellationTokenSource(ToolTimeout).Token);
        }
        catch (ArgumentException)
        {
            // Gone already.
        }
    }

    /// <summary>Freezes the broker (SIGSTOP): connections stay open, nothing is read, confirmed or delivered.</summary>
    public void Freeze() => PosixSignals.Send(Pid ?? throw new InvalidOperationException("the broker is not running"), PosixSignals.Stop);

    /// <summary>Lets a frozen broker run again (SIGCONT).</summary>
    public void Thaw() => PosixSignals.Send(Pid ?? throw new InvalidOperationException("the broker is not running"), PosixSignals.Continue);

    /// <summary>The broker's own output, for a failure message.</summary>
    public string LogTail(int lines = 30) =>
        File.Exists(LogFile) ? string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(lines)) : "(no log)";

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillAtExit;
        if (Pid is { } pid)
            PosixSignals.Send(pid, PosixSignals.Continue);
        await KillAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private void KillAtExit(object? sender, EventArgs e)
    {
        if (Pid is { } pid)
        {
            PosixSignals.Send(pid, PosixSignals.Continue);
            PosixSignals.Send(pid, PosixSignals.Kill);
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var (code, text) = await CommandLine.RunAsync(program, string.Join(' ', arguments), timeout: ToolTimeout);
        if (code != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {code}: {text}");
    }
}
