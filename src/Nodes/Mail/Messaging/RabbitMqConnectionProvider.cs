using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace AkkaOcr.Mail.Messaging;

/// <summary>
/// The node's single broker connection, opened on first use and kept with automatic recovery.
/// A failed first connect is retried by the next caller instead of being cached as a failure.
/// </summary>
public sealed class RabbitMqConnectionProvider(string uri, string clientName, ILogger<RabbitMqConnectionProvider> logger)
    : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<IConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing && !IsRefused(existing))
            return existing;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not null && !IsRefused(_connection))
                return _connection;
            if (_connection is not null)
            {
                // Automatic recovery does not retry a refusal (a missing virtual host, revoked
                // permissions), but an operator may fix it: start over with a new connection.
                _connection.Dispose();
                _connection = null;
            }
            var factory = new ConnectionFactory
            {
                Uri = new Uri(uri),
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                RequestedConnectionTimeout = ConnectTimeout,
                ClientProvidedName = clientName,
            };
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            logger.LogInformation("Connected to RabbitMQ at {Host}:{Port}", _connection.Endpoint.HostName, _connection.Endpoint.Port);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool IsRefused(IConnection connection) =>
        connection is { IsOpen: false, CloseReason.ReplyCode: Constants.NotAllowed or Constants.AccessRefused };

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.CloseAsync();
            _connection.Dispose();
        }
        _gate.Dispose();
    }
}
