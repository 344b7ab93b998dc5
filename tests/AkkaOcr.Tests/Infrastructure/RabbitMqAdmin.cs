using System.Diagnostics;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>rabbitmqctl against the broker of ./test.sh, for isolation (virtual hosts) and outages.</summary>
public static class RabbitMqAdmin
{
    /// <summary>A new virtual host that guest may use; returns its name, to append to the broker URI.</summary>
    public static async Task<string> CreateVirtualHostAsync()
    {
        var name = $"v{Guid.NewGuid():N}";
        await CtlAsync("add_vhost", name);
        await CtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return name;
    }

    public static async Task CtlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(TestServices.RabbitMqNode);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {string.Join(' ', arguments)}: {stderr}");
    }
}
