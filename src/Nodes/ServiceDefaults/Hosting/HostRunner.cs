using AkkaOcr.ServiceDefaults.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace AkkaOcr.ServiceDefaults.Hosting;

/// <summary>The shared shape of both executables' <c>Main</c>: clear configuration errors, default listen address.</summary>
public static class HostRunner
{
    /// <summary>Exit code for unusable configuration (sysexits' EX_CONFIG).</summary>
    public const int ConfigurationErrorExitCode = 78;

    /// <summary>Listens on <paramref name="defaultUrl"/> unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder, string defaultUrl)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(defaultUrl);
        return builder;
    }

    /// <summary>Runs <paramref name="run"/>; a <see cref="SettingsException"/> becomes one line on stderr, not a stack trace.</summary>
    public static async Task<int> RunAsync(string hostName, Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (SettingsException e)
        {
            await Console.Error.WriteLineAsync($"{hostName}: configuration error: {e.Message}");
            return ConfigurationErrorExitCode;
        }
    }
}
