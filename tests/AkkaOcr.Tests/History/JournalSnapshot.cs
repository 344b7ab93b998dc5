using Akka.Actor;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Users;
using Npgsql;

namespace AkkaOcr.Tests.History;

/// <summary>Every user entity's events as the journal holds them after a run, read straight from its tables.</summary>
public sealed record JournalSnapshot(IReadOnlyList<JournalEvent> Events)
{
    public static async Task<JournalSnapshot> ReadAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        // Only for the protocol serializer, which needs a system; it joins nothing and is gone before this returns.
        using var system = ActorSystem.Create("history-reader");
        var serializer = new AkkaOcrSerializer((ExtendedActorSystem)system);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var select = new NpgsqlCommand("""
                SELECT j.persistence_id, j.sequence_number, j.manifest, j.message,
                       EXISTS (SELECT 1 FROM tags t WHERE t.ordering_id = j.ordering AND t.tag = $2)
                FROM journal j
                WHERE j.persistence_id LIKE $1 AND NOT j.deleted
                ORDER BY j.persistence_id, j.sequence_number
                """, connection);
            select.Parameters.AddWithValue(UserActor.PersistenceIdFor("") + "%");
            select.Parameters.AddWithValue(UserActor.MailTag);
            var events = new List<JournalEvent>();
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                events.Add(new JournalEvent(reader.GetString(0), reader.GetInt64(1),
                    serializer.FromBinary((byte[])reader.GetValue(3), reader.GetString(2)), reader.GetBoolean(4)));
            return new JournalSnapshot(events);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
