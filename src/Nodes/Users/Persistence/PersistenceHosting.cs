using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;

namespace AkkaOcr.Users.Persistence;

/// <summary>Journal and snapshots in PostgreSQL; tags in their own table so the outbox can query by tag.</summary>
public static class PersistenceSetup
{
    /// <summary>
    /// How long the journal's circuit breaker stays open before letting one call through to see whether
    /// PostgreSQL is back. Akka's default of 30 s kept every write and every recovery failing for up to half
    /// a minute after the database was back, although a refused connection costs nothing to try. One second
    /// bounds that wait; while the database stays down, the breaker still lets only one call a second reach it.
    /// </summary>
    public static readonly TimeSpan JournalBreakerResetTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The snapshot store's breaker never opens. Recovery loads a snapshot first, so with Akka's default
    /// (open for 60 s after 5 failures) no entity could start for up to a minute after PostgreSQL was back.
    /// A short reset does not do either: in its half-open state Akka's snapshot store throws from its receive
    /// instead of failing the call, which restarts the store and loses the load request, and the entity
    /// waiting for it hangs until its 30 s recovery timeout. Without the breaker a load during an outage
    /// fails as fast as the connection is refused, and one that hangs still ends at the 20 s call timeout.
    /// </summary>
    public const int SnapshotBreakerMaxFailures = int.MaxValue;

    public static AkkaConfigurationBuilder AddAkkaOcrPersistence(this AkkaConfigurationBuilder akka, string connectionString) =>
        akka.WithSqlPersistence(connectionString, ProviderName.PostgreSQL15, autoInitialize: true, tagStorageMode: TagMode.TagTable)
            // Akka.Persistence.Hosting has no option for the breakers, so they are written as HOCON. The call
            // timeouts stay Akka's (10 s, 20 s): a call that hangs is answered by the gateway's Ask timeout first.
            .AddHocon($$"""
                akka.persistence.journal-plugin-fallback.circuit-breaker.reset-timeout = {{JournalBreakerResetTimeout.TotalMilliseconds}}ms
                akka.persistence.snapshot-store-plugin-fallback.circuit-breaker.max-failures = {{SnapshotBreakerMaxFailures}}
                """, HoconAddMode.Prepend);
}
