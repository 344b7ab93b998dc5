using System.Diagnostics;
using Npgsql;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own, on a free loopback port with its data in a temporary folder,
/// durable as in production (fsync, synchronous commit, full page writes), that the test may crash,
/// restart and cut off without disturbing the server every other test shares. Administration goes over
/// a Unix socket in that folder; TCP is loopback only, with trust, like the shared test server.
/// </summary>
public sealed class PrivatePostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder;
    private readonly string _binaries;
    private readonly bool _asPostgresUser;

    private PrivatePostgresServer(string folder, string binaries, int port, bool asPostgresUser)
    {
        _folder = folder;
        _binaries = binaries;
        _asPostgresUser = asPostgresUser;
        Port = port;
        // A test host that dies without disposing must not leave a server behind.
        AppDomain.CurrentDomain.ProcessExit += StopAtExit;
    }

    public int Port { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    private string SocketFolder => Path.Combine(_folder, "socket");

    /// <summary>The superuser over TCP, for the test's own checks.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    public static async Task<PrivatePostgresServer> StartNewAsync()
    {
        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb"))).OrderBy(bin => bin.Length).ThenBy(bin => bin, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (binaries is null)
            throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql; ./test.sh installs them");

        // PostgreSQL refuses to run as root: a root test host runs it as the postgres user.
        var asPostgresUser = Environment.UserName == "root";
        var folder = Directory.CreateTempSubdirectory("akkaocr-pg-").FullName;
        var server = new PrivatePostgresServer(folder, binaries, FreeTcpPort.Next(), asPostgresUser);
        Directory.CreateDirectory(server.SocketFolder);
        if (asPostgresUser)
            await RunAsync("chown", ["-R", "postgres:postgres", folder]);
        await server.RunToolAsync("initdb", ["-D", server.DataFolder, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--auth=trust"]);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) and returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        var options = string.Join(' ',
            $"-p {Port}", "-c listen_addresses=127.0.0.1", $"-k {SocketFolder}", "-c unix_socket_permissions=0700",
            "-c max_connections=200", "-c fsync=on", "-c synchronous_commit=on", "-c full_page_writes=on");
        await RunToolAsync("pg_ctl", ["-D", DataFolder, "-l", Path.Combine(_folder, "postgres.log"), "-w", "-t", "60", "-o", options, "start"]);
    }

    /// <summary>Kills every server process at once, as a power cut would: no checkpoint, crash recovery on the next start.</summary>
    public async Task StopImmediatelyAsync()
    {
        await RunToolAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        // The test's own pooled connections died with the server; the nodes have to find out for themselves.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Ends every other session on <paramref name="database"/>, as an administrator's pg_terminate_backend does; returns how many.</summary>
    public async Task<int> TerminateSessionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var terminate = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection);
        terminate.Parameters.AddWithValue(database);
        var terminated = (int)(long)(await terminate.ExecuteScalarAsync())!;
        NpgsqlConnection.ClearAllPools();
        return terminated;
    }

    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = TestDatabase.Reserve(AdminConnectionString);
        await database.CreateAsync();
        return database;
    }

    /// <summary>The server's own log, for a failure message.</summary>
    public string LogTail(int lines = 30)
    {
        var log = Path.Combine(_folder, "postgres.log");
        return File.Exists(log) ? string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(lines)) : "(no log)";
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopAtExit;
        try
        {
            await StopImmediatelyAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_folder, recursive: true);
    }

    private void StopAtExit(object? sender, EventArgs e)
    {
        try
        {
            StopImmediatelyAsync().Wait(ToolTimeout);
        }
        catch (AggregateException)
        {
            // Already stopped, or pg_ctl failed: nothing more can be done while the host exits.
        }
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_binaries, tool), .. arguments])
            : RunAsync(Path.Combine(_binaries, tool), arguments);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {ToolTimeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
    }
}
