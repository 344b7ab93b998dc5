using System.Diagnostics;

namespace AkkaOcr.Bench.MailBench;

/// <summary>Where the <c>Nodes</c> process under test finds its services and listens.</summary>
public sealed record NodeOptions(
    string NodesDll, int AkkaPort, int HealthPort, string Postgres, string RabbitMq, int SmtpPort, string DataKey, string LogPath, string PidPath);

/// <summary>
/// The real <c>Nodes</c> executable with roles <c>users</c> and <c>notifier</c>, a one-node cluster of
/// its own. Its output goes to a log file and is watched for the mail outbox's start line, which is
/// when the measurement starts; that line is logged just before the outbox reads the journal. Its pid
/// is in a file while it runs, for the script to stop it should this program be killed.
/// </summary>
public sealed class NodeUnderTest : IAsyncDisposable
{
    private const string OutboxStartLine = "Mail outbox publishing from journal offset";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<long> _outboxStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _pidPath;
    private bool _closed;

    private NodeUnderTest(Process process, StreamWriter log, string pidPath)
    {
        _process = process;
        _log = log;
        _pidPath = pidPath;
    }

    public int Pid => _process.Id;

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the outbox logged its start.</summary>
    public Task<long> OutboxStarted => _outboxStarted.Task;

    /// <summary>Faults when the process ends on its own, so no wait outlives it.</summary>
    public Task Exited => _exited.Task;

    public static NodeUnderTest Start(NodeOptions options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                options.NodesDll,
                "--urls", $"http://127.0.0.1:{options.HealthPort}",
                "--Akka:Hostname=127.0.0.1",
                $"--Akka:Port={options.AkkaPort}",
                $"--Akka:SeedNodes:0=akka.tcp://akkaocr@127.0.0.1:{options.AkkaPort}",
                "--Akka:Roles:0=users",
                "--Akka:Roles:1=notifier",
                "--Smtp:Host=127.0.0.1",
                $"--Smtp:Port={options.SmtpPort}",
            },
        };
        // Connection strings and the key go through the environment, not the command line others can read.
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Postgres"] = options.Postgres;
        start.Environment["ConnectionStrings__RabbitMq"] = options.RabbitMq;
        start.Environment["Security__DataKey"] = options.DataKey;

        var log = new StreamWriter(options.LogPath) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeUnderTest(process, log, options.PidPath);
        process.OutputDataReceived += (_, line) => node.OnLine(line.Data);
        process.ErrorDataReceived += (_, line) => node.OnLine(line.Data);
        process.Exited += (_, _) =>
        {
            var failure = new InvalidOperationException($"the Nodes process exited with code {process.ExitCode}; see {options.LogPath}");
            node._outboxStarted.TrySetException(failure);
            node._exited.TrySetException(failure);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        File.WriteAllText(options.PidPath, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return node;
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        // Stamp before writing the log, so the file's speed does not shift the start of the measurement.
        if (line.Contains(OutboxStartLine, StringComparison.Ordinal))
            _outboxStarted.TrySetResult(Stopwatch.GetTimestamp());
        lock (_log)
        {
            if (!_closed)
                _log.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        File.Delete(_pidPath);
        _process.Dispose();
        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }
}
