using Akka.Actor;
using AkkaOcr.Users;
using Npgsql;

namespace AkkaOcr.Tests.Infrastructure;

/// <summary>
/// Writes events straight into the journal's tables, tagged <c>mail</c>, as another version of the code (or
/// a damaged disk) would have left them: what the entities would never persist themselves.
/// </summary>
public sealed class JournalRows(string connectionString)
{
    /// <summary>An event serialized by <paramref name="system"/>'s own serializer for it; returns its journal ordering.</summary>
    public Task<long> AppendMailEventAsync(ActorSystem system, string persistenceId, long sequenceNr, object @event)
    {
        var serializer = system.Serialization.FindSerializerFor(@event);
        return AppendMailEventAsync(persistenceId, sequenceNr, Akka.Serialization.Serialization.ManifestFor(serializer, @event), serializer.Identifier,
            serializer.ToBinary(@event));
    }

    /// <summary>Raw bytes under any manifest; returns the row's journal ordering.</summary>
    public async Task<long> AppendMailEventAsync(string persistenceId, long sequenceNr, string manifest, int serializerId, byte[] payload)
    {
        await using var write = await BeginMailEventAsync(persistenceId, sequenceNr, manifest, serializerId, payload);
        await write.CommitAsync();
        return write.Ordering;
    }

    /// <summary>
    /// An event written in a transaction left open: its ordering is taken, but no reader sees it until
    /// <see cref="UncommittedMailEvent.CommitAsync"/>, as with a journal write still on its way to commit.
    /// </summary>
    public async Task<UncommittedMailEvent> BeginMailEventAsync(ActorSystem system, string persistenceId, long sequenceNr, object @event)
    {
        var serializer = system.Serialization.FindSerializerFor(@event);
        return await BeginMailEventAsync(persistenceId, sequenceNr, Akka.Serialization.Serialization.ManifestFor(serializer, @event),
            serializer.Identifier, serializer.ToBinary(@event));
    }

    private async Task<UncommittedMailEvent> BeginMailEventAsync(string persistenceId, long sequenceNr, string manifest, int serializerId,
        byte[] payload)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var journal = new NpgsqlCommand("""
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
                VALUES ($1, false, $2, $3, $4, $5, $6, 'test') RETURNING ordering
                """, connection, transaction);
            journal.Parameters.AddWithValue(DateTime.UtcNow.Ticks);
            journal.Parameters.AddWithValue(persistenceId);
            journal.Parameters.AddWithValue(sequenceNr);
            journal.Parameters.AddWithValue(payload);
            journal.Parameters.AddWithValue(manifest);
            journal.Parameters.AddWithValue(serializerId);
            var ordering = (long)(await journal.ExecuteScalarAsync())!;
            await using var tag = new NpgsqlCommand(
                "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES ($1, $2, $3, $4)", connection, transaction);
            tag.Parameters.AddWithValue(ordering);
            tag.Parameters.AddWithValue(UserActor.MailTag);
            tag.Parameters.AddWithValue(sequenceNr);
            tag.Parameters.AddWithValue(persistenceId);
            await tag.ExecuteNonQueryAsync();
            return new UncommittedMailEvent(connection, transaction, ordering);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The mail outbox's stored offset (0 before it stored one).</summary>
    public async Task<long> OutboxOffsetAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT coalesce((SELECT ordering FROM mail_outbox_offset WHERE name = 'mail'), 0)", connection);
        return (long)(await select.ExecuteScalarAsync())!;
    }
}

/// <summary>A journal row and its tag in a transaction not yet committed; disposed uncommitted, it is rolled back.</summary>
public sealed class UncommittedMailEvent(NpgsqlConnection connection, NpgsqlTransaction transaction, long ordering) : IAsyncDisposable
{
    /// <summary>The journal ordering the row took when it was inserted.</summary>
    public long Ordering { get; } = ordering;

    public Task CommitAsync() => transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
