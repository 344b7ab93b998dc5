namespace AkkaOcr.Messages.Users;

/// <summary>
/// A command that changes state, with the id of the HTTP request that sent it. Cluster sharding
/// delivers at most once (a shard hand-off drops messages that reach the old node at the wrong moment),
/// so the gateway sends a command again when no answer comes; the entity answers a copy of a command it
/// already applied with the first answer, instead of applying it twice.
/// </summary>
/// <remarks>
/// <see cref="Guid.Empty"/> means no id: a command from a gateway of an earlier version, during a rolling
/// upgrade, which reads without the property. Such a command is applied as before, never taken for a copy.
/// </remarks>
public interface IWithRequestId : IWithEmail
{
    Guid RequestId { get; }
}
