using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;

namespace AkkaOcr.Users.Persistence;

/// <summary>Journal and snapshots in PostgreSQL; tags in their own table so the outbox can query by tag.</summary>
public static class PersistenceSetup
{
    public static AkkaConfigurationBuilder AddAkkaOcrPersistence(this AkkaConfigurationBuilder akka, string connectionString) =>
        akka.WithSqlPersistence(connectionString, ProviderName.PostgreSQL15, autoInitialize: true, tagStorageMode: TagMode.TagTable);
}
