using System.Diagnostics;
using System.Text;

namespace AkkaOcr.Documents.Tools;

/// <summary>
/// Runs one document tool as a child process under <see cref="ToolLimits"/>: its address space is capped
/// by <c>prlimit</c> before it starts, its whole process tree is killed at the deadline or on
/// cancellation, and its output is read into a bounded buffer. A file built to hang, exhaust memory or
/// crash a parser thus only fails that run. The tool gets a minimal environment (no secret of the node
/// reaches it) whose home and temporary folder are the working directory, so what it writes on the side
/// goes where the caller deletes it.
/// </summary>
public static class ChildProcess
{
    /// <summary>Enough of a tool's error output to say why it failed; the rest is drained and dropped.</summary>
    private const int MaxErrorBytes = 4096;

    /// <summary>How long the output pipes may stay open after the tree is killed before they are given up on.</summary>
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(5);

    private static readonly string[] OutOfMemorySigns =
        ["bad_alloc", "out of memory", "memoryerror", "cannot allocate memory", "memory allocation failed", "memoryallocationfailed"];

    /// <summary>Runs the tool and returns its output; any exit status but 0 is a failure.</summary>
    public static Task<ChildProcessResult> RunAsync(
        string program, IReadOnlyList<string> arguments, ToolLimits limits, string workingDirectory, CancellationToken ct) =>
        RunAsync(program, arguments, limits, workingDirectory, [0], ct);

    /// <summary>
    /// Runs the tool and returns its output when it exits with one of <paramref name="successExitCodes"/>,
    /// for tools that answer a question by their exit status.
    /// </summary>
    public static async Task<ChildProcessResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        ToolLimits limits,
        string workingDirectory,
        IReadOnlyCollection<int> successExitCodes,
        CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = StartInfo(program, arguments, limits, workingDirectory) };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DocumentToolException(DocumentToolFailure.Failed, program, $"could not be started ({e.Message})");
        }

        var overflowed = false;
        var started = Stopwatch.StartNew();
        try
        {
            process.StandardInput.Close();
            var output = ReadBoundedAsync(process.StandardOutput.BaseStream, limits.MaxOutputBytes, onOverflow: () =>
            {
                overflowed = true;
                KillTree(process);
            });
            var error = ReadBoundedAsync(process.StandardError.BaseStream, MaxErrorBytes, onOverflow: null);

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(limits.Timeout);
            try
            {
                await Task.WhenAll(output, error, process.WaitForExitAsync(deadline.Token)).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                KillTree(process);
                await DrainAsync(output, error);
                ct.ThrowIfCancellationRequested();
                throw new DocumentToolException(DocumentToolFailure.TimedOut, program,
                    $"did not finish within {limits.Timeout.TotalSeconds:0.###} s and was killed", await TextOf(error));
            }

            var errorText = await TextOf(error);
            if (overflowed)
                throw new DocumentToolException(DocumentToolFailure.OutputTooLarge, program,
                    $"wrote more than {limits.MaxOutputBytes} bytes and was killed", errorText);
            if (!successExitCodes.Contains(process.ExitCode))
            {
                var outOfMemory = OutOfMemorySigns.Any(sign => errorText.Contains(sign, StringComparison.OrdinalIgnoreCase));
                throw new DocumentToolException(
                    outOfMemory ? DocumentToolFailure.OutOfMemory : DocumentToolFailure.Failed, program,
                    outOfMemory
                        ? $"ran out of its {limits.MemoryBytes} bytes of memory (exit status {process.ExitCode})"
                        : $"failed with exit status {process.ExitCode} after {started.Elapsed.TotalSeconds:0.0} s",
                    errorText);
            }
            return new ChildProcessResult(process.ExitCode, (await output).ToArray(), errorText);
        }
        finally
        {
            KillTree(process);
        }
    }

    private static ProcessStartInfo StartInfo(string program, IReadOnlyList<string> arguments, ToolLimits limits, string workingDirectory)
    {
        // prlimit sets the limits on itself and then executes the tool in the same process, so the tool
        // starts with them and the process we hold is the tool's. No core file is written on a crash.
        var start = new ProcessStartInfo("prlimit")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add($"--as={limits.MemoryBytes}");
        start.ArgumentList.Add("--core=0");
        // Files the tool writes are bounded like its standard output: past the size, the kernel stops it.
        start.ArgumentList.Add($"--fsize={limits.MaxOutputBytes}");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["HOME"] = workingDirectory;
        start.Environment["TMPDIR"] = workingDirectory;
        start.Environment["MAGICK_TEMPORARY_PATH"] = workingDirectory;
        return start;
    }

    /// <summary>Reads the stream to its end, keeping at most <paramref name="limit"/> bytes; past it, overflow is called once (or the rest dropped).</summary>
    private static async Task<MemoryStream> ReadBoundedAsync(Stream stream, long limit, Action? onOverflow)
    {
        var kept = new MemoryStream();
        var buffer = new byte[81920];
        var overflowed = false;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            var room = (int)Math.Min(read, limit - kept.Length);
            if (room > 0)
                kept.Write(buffer, 0, room);
            if (room < read && !overflowed)
            {
                overflowed = true;
                onOverflow?.Invoke();
            }
        }
        return kept;
    }

    private static async Task DrainAsync(params Task[] readers)
    {
        try
        {
            await Task.WhenAll(readers).WaitAsync(DrainAfterKill);
        }
        catch (Exception e) when (e is TimeoutException or IOException or ObjectDisposedException)
        {
        }
    }

    private static async Task<string> TextOf(Task<MemoryStream> error)
    {
        if (!error.IsCompletedSuccessfully)
            return "";
        var bytes = await error;
        return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }
}
