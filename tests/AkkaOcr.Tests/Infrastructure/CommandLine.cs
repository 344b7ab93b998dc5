using System.Diagnostics;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>A system tool run to its end (nft, ss): its exit code and everything it printed.</summary>
public static class CommandLine
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <param name="input">Written to the tool's standard input, which is then closed.</param>
    /// <exception cref="TimeoutException">The tool ran longer than <paramref name="timeout"/> (10 s by default); it was killed.</exception>
    public static async Task<(int Code, string Text)> RunAsync(string program, string arguments, string input = "", TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? DefaultTimeout;
        using var cancellation = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{program} {arguments} took longer than {limit.TotalSeconds:0} s");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
