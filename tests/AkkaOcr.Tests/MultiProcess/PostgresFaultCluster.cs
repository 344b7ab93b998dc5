using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// One cluster for the PostgreSQL fault tests, on a durable PostgreSQL server of its own that the tests
/// stop, restart and cut off: a users node that also mails (so the journal, the outbox and
/// <c>sent_mail</c> all live on that server) and a gateway. Each test leaves the server running.
/// </summary>
public sealed class PostgresFaultCluster : IAsyncLifetime
{
    private ClusterHarness? _cluster;

    public PrivatePostgresServer Postgres { get; private set; } = null!;

    public ClusterEnvironment Environment { get; private set; } = null!;

    public ClusterHarness Cluster => _cluster!;

    public NodeProcess Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Postgres = await PrivatePostgresServer.StartNewAsync();
        Environment = await ClusterEnvironment.CreateAsync(postgres: Postgres);
        _cluster = Environment.CreateCluster();
        await _cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await _cluster.StartAllReadyAsync(
                ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
                ClusterHarness.Gateway("gateway"));
            Gateway = nodes[1];
            await WarmUp.UntilWritesAnswerAsync(Gateway.Spec.BaseAddress, TimeSpan.FromSeconds(90));
        });
    }

    public async ValueTask DisposeAsync()
    {
        // The server goes last and whatever failed before it: a server left running would outlive the run.
        try
        {
            if (_cluster is not null)
                await _cluster.DisposeAsync();
        }
        finally
        {
            try
            {
                if (Environment is not null)
                    await Environment.DisposeAsync();
            }
            finally
            {
                if (Postgres is not null)
                    await Postgres.DisposeAsync();
            }
        }
    }
}
