using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaOcr.ServiceDefaults.Hosting;

/// <summary>
/// Holds a stopping host for <see cref="Delay"/> while it still serves, with <c>/health/ready</c>
/// already answering 503. Without this pause the port would close at once, and whoever routes by
/// readiness would learn of the shutdown only from refused connections. Only then does the web
/// server stop (finishing the requests in flight) and the node leave the cluster, handing off its
/// shards and singletons.
/// </summary>
internal sealed class ReadinessDrain(ILogger<ReadinessDrain> logger) : IHostedLifecycleService
{
    /// <summary>A few readiness polls' worth; short, since the whole stop must fit the host's shutdown timeout.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Shutting down: readiness is 503; serving {Seconds} s more before draining", Delay.TotalSeconds);
        try
        {
            await Task.Delay(Delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out; go straight on with stopping.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
