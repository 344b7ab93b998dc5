using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AkkaOcr.Documents.Storage;

/// <summary>
/// Creates the job tables once PostgreSQL answers. It does not hold up the node's start: until the tables
/// exist, job writes fail like any write to a database that is down, and are retried or answered 503.
/// </summary>
public sealed class JobTablesSetup(NpgsqlDataSource database, ILogger<JobTablesSetup> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await JobTables.EnsureCreatedAsync(database, stoppingToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                if (attempt == 1 || attempt % 30 == 0)
                    logger.LogWarning("The job tables cannot be created yet ({Error}); retrying", e.GetType().Name);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }
}
