using System.Diagnostics;
using System.Text;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// A cluster of real OS processes on loopback: the built gateway and <c>Nodes</c> executables, each on
/// free ports, all sharing one environment (database, virtual host, SMTP server, keys). Nodes can be
/// added, stopped gracefully, crashed and restarted with the same spec. Disposal kills whatever still
/// runs, also when the test failed.
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(40);

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly List<NodeProcess> _started = [];
    private readonly Lock _lock = new();
    private bool _failed;

    public ClusterHarness(IReadOnlyDictionary<string, string> environment)
    {
        _environment = environment;
        LogFolder = Directory.CreateTempSubdirectory("akkaocr-cluster-").FullName;
    }

    /// <summary>Where every incarnation's whole output is kept, one file each.</summary>
    public string LogFolder { get; }

    /// <summary>Every incarnation started so far, oldest first.</summary>
    public IReadOnlyList<NodeProcess> Started
    {
        get
        {
            lock (_lock)
                return _started.ToArray();
        }
    }

    public IReadOnlyList<NodeProcess> Running => Started.Where(node => !node.HasExited).ToArray();

    /// <summary>A <c>Nodes</c> process with <paramref name="roles"/> on fresh ports.</summary>
    public static NodeSpec Node(string name, params string[] roles) => new(name, false, roles, FreeTcpPort.Next(), FreeTcpPort.Next());

    /// <summary>A gateway process, with back-end <paramref name="roles"/> besides its own if given.</summary>
    public static NodeSpec Gateway(string name = "gateway") => new(name, true, [], FreeTcpPort.Next(), FreeTcpPort.Next());

    /// <summary>
    /// Starts <paramref name="spec"/> without waiting. Its seed nodes are the members running now, so a
    /// restarted first node joins the others instead of forming a cluster of its own; with none running
    /// it is its own seed and forms the cluster.
    /// </summary>
    public NodeProcess Start(NodeSpec spec)
    {
        var running = Running.Where(node => node.Spec.Name != spec.Name).Select(node => node.Spec.AkkaAddress).ToList();
        var seeds = running.Count > 0 ? running : [spec.AkkaAddress];

        var start = new ProcessStartInfo(BuildOutputs.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(spec.IsGateway ? BuildOutputs.GatewayDll : BuildOutputs.NodesDll)!,
        };
        start.ArgumentList.Add(spec.IsGateway ? BuildOutputs.GatewayDll : BuildOutputs.NodesDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(spec.BaseAddress.ToString().TrimEnd('/'));
        start.ArgumentList.Add($"--Akka:Port={spec.AkkaPort}");
        for (var i = 0; i < seeds.Count; i++)
            start.ArgumentList.Add($"--Akka:SeedNodes:{i}={seeds[i]}");
        for (var i = 0; i < spec.Roles.Count; i++)
            start.ArgumentList.Add($"--Akka:Roles:{i}={spec.Roles[i]}");
        foreach (var (key, value) in spec.Settings)
            start.ArgumentList.Add($"--{key}={value}");
        // Settings the test host may carry in its own environment must not leak into the cluster.
        foreach (var key in start.Environment.Keys.Where(IsClusterSetting).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;

        var output = new ProcessOutput(Path.Combine(LogFolder, $"{spec.Name}-{Started.Count(node => node.Name == spec.Name) + 1}.log"));
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        output.Add($"[harness] starting {spec} with seeds {string.Join(" ", seeds)}");
        process.Start();
        ProcessReaper.Watch(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(spec, process, output);
        lock (_lock)
            _started.Add(node);
        return node;
    }

    public async Task<NodeProcess> StartReadyAsync(NodeSpec spec)
    {
        var node = Start(spec);
        await node.WaitReadyAsync(ReadyTimeout);
        return node;
    }

    /// <summary>Starts several at once (the first one forms the cluster when none runs) and waits until all are ready.</summary>
    public async Task<IReadOnlyList<NodeProcess>> StartAllReadyAsync(params NodeSpec[] specs)
    {
        var nodes = specs.Select(Start).ToList();
        await Task.WhenAll(nodes.Select(node => node.WaitReadyAsync(ReadyTimeout)));
        return nodes;
    }

    /// <summary>
    /// users-1 (the oldest, so it also runs the shard coordinator and the mail outbox), users-2, a notifier
    /// of its own (so mail flows whichever users node fails) and a gateway, ready and past the cold start:
    /// the cluster the users-node failure tests use.
    /// </summary>
    public async Task<(NodeProcess Users1, NodeProcess Users2, NodeProcess Gateway)> StartTwoUsersNodesAsync()
    {
        var nodes = await StartAllReadyAsync(
            Node("users-1", ClusterRoles.Users),
            Node("users-2", ClusterRoles.Users),
            Node("notifier-1", ClusterRoles.Notifier),
            Gateway("gateway"));
        await WarmUp.UntilWritesAnswerAsync(nodes[3].Spec.BaseAddress, TimeSpan.FromSeconds(90));
        return (nodes[0], nodes[1], nodes[3]);
    }

    /// <summary>The last lines of every incarnation's output, for a failure message.</summary>
    public string Describe(int linesPerProcess = 40)
    {
        var text = new StringBuilder().AppendLine().Append($"Whole logs in {LogFolder}");
        foreach (var node in Started)
            text.AppendLine().AppendLine($"----- {node} -----").AppendLine(node.Output.Tail(linesPerProcess));
        return text.ToString();
    }

    /// <summary>
    /// Runs a test's steps; an exception other than a failed assertion (which carries its own context)
    /// comes back with every process's recent output, since a timeout alone rarely says why.
    /// </summary>
    public async Task ExplainFailuresAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception e)
        {
            _failed = true;
            if (e is Xunit.Sdk.IAssertionException)
                throw;
            throw new InvalidOperationException($"{e.GetType().Name}: {e.Message}{Describe()}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Tests that care about a graceful stop do it themselves; cleaning up only needs the processes gone.
        foreach (var node in Running)
            PosixSignals.Send(node.Pid, PosixSignals.Kill);
        foreach (var node in Started)
            await node.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var leaks = LeakedSecrets();
        // The logs are kept for a failed test only; a passing one leaves nothing behind.
        if (!_failed && leaks.Count == 0)
            Directory.Delete(LogFolder, recursive: true);
        Assert.True(leaks.Count == 0, $"secrets in the nodes' logs (kept in {LogFolder}):\n{string.Join("\n", leaks)}");
    }

    /// <summary>Secrets any node wrote to its log: configured keys and passwords, test passwords, hashes and codes.</summary>
    private List<string> LeakedSecrets()
    {
        string[] literals = [.. LogSecrets.ConfiguredIn(_environment), AccountFlow.Password];
        return Directory.EnumerateFiles(LogFolder, "*.log")
            .SelectMany(file => LogSecrets.Find(File.ReadAllText(file), literals).Select(leak => $"{Path.GetFileName(file)}: {leak}"))
            .ToList();
    }

    private static bool IsClusterSetting(string key) =>
        key.StartsWith("Akka__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) ||
        key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase) ||
        key.StartsWith("Smtp__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Jwt__", StringComparison.OrdinalIgnoreCase) ||
        key.StartsWith("Security__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("RateLimits__", StringComparison.OrdinalIgnoreCase) ||
        key.StartsWith("Passwords__", StringComparison.OrdinalIgnoreCase);
}
