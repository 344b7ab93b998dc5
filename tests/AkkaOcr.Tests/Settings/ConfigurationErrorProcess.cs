using System.Diagnostics;
using System.Reflection;
using AkkaOcr.ServiceDefaults.Hosting;

namespace AkkaOcr.Tests.Settings;

/// <summary>Runs one of the real executables with settings it must refuse, and returns what it says.</summary>
internal static class ConfigurationErrorProcess
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="executable"/> in <paramref name="environmentName"/> with <paramref name="environment"/>
    /// and <paramref name="arguments"/>, asserts it exits 78, and returns its one line on stderr.
    /// </summary>
    public static async Task<string> LineAsync(
        Assembly executable, string environmentName, Dictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        // Both variables: the gateway's web host reads ASPNETCORE_ENVIRONMENT, which would win over DOTNET_ENVIRONMENT.
        start.Environment["DOTNET_ENVIRONMENT"] = environmentName;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environmentName;
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        start.ArgumentList.Add(executable.Location);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            await stdout;

            Assert.Equal(HostRunner.ConfigurationErrorExitCode, process.ExitCode);
            return Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            // A process that started instead of refusing must not outlive the test.
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }
}
