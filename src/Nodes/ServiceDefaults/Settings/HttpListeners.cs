using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace AkkaOcr.ServiceDefaults.Settings;

/// <summary>The HTTP addresses a host is configured to listen on: <c>--urls</c> (or <c>ASPNETCORE_URLS</c>) and Kestrel's endpoints.</summary>
public static class HttpListeners
{
    private const string KestrelEndpointsSection = "Kestrel:Endpoints";

    /// <summary>
    /// The configured listen addresses that other machines may reach. No <c>--urls</c> means the host's
    /// default, which is loopback in both executables (see <c>HostRunner.UseDefaultUrl</c>).
    /// </summary>
    public static IReadOnlyList<string> NotLoopback(IConfiguration configuration)
    {
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var endpoints = configuration.GetSection(KestrelEndpointsSection).GetChildren()
            .Select(endpoint => endpoint["Url"])
            .OfType<string>();
        return urls.Concat(endpoints).Where(url => !IsLoopback(url)).ToList();
    }

    private static bool IsLoopback(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            // A Unix socket or named pipe is reached through this machine's file system only.
            return address.IsUnixPipe || address.IsNamedPipe || LoopbackHost.IsLoopback(address.Host);
        }
        catch (FormatException)
        {
            // Kestrel refuses it later; until then it is not known to be loopback.
            return false;
        }
    }
}
