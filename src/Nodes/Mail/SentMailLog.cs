using Npgsql;

namespace AkkaOcr.Mail;

/// <summary>
/// Message ids already mailed, so a redelivered or republished message is not mailed twice. Kept
/// for <see cref="Retention"/>, far longer than any redelivery or outbox replay takes. Lookups and records
/// made at the same time go to PostgreSQL together (<see cref="StatementBatcher{TItem,TResult}"/>): one
/// round trip, and one durable commit, for all the mails the notifier's workers finished meanwhile.
/// </summary>
public sealed class SentMailLog
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>The most message ids one statement carries.</summary>
    public const int MaxBatch = 256;

    private readonly NpgsqlDataSource _db;
    private readonly StatementBatcher<string, bool> _lookups;
    private readonly StatementBatcher<string, bool> _records;

    public SentMailLog(NpgsqlDataSource db)
    {
        _db = db;
        _lookups = new StatementBatcher<string, bool>(WhichWereSentAsync, MaxBatch);
        _records = new StatementBatcher<string, bool>(RecordAllAsync, MaxBatch);
    }

    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        await using (var create = _db.CreateCommand(
                         "CREATE TABLE IF NOT EXISTS sent_mail (message_id text PRIMARY KEY, sent_at timestamptz NOT NULL DEFAULT now())"))
            await create.ExecuteNonQueryAsync(cancellationToken);
        await using var prune = _db.CreateCommand("DELETE FROM sent_mail WHERE sent_at < now() - $1");
        prune.Parameters.AddWithValue(Retention);
        await prune.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<bool> WasSentAsync(string messageId) => _lookups.RunAsync(messageId);

    /// <summary>Completes once the record is committed, together with the others of its batch.</summary>
    public Task RecordAsync(string messageId) => _records.RunAsync(messageId);

    private async Task<IReadOnlyList<bool>> WhichWereSentAsync(IReadOnlyList<string> messageIds)
    {
        await using var command = _db.CreateCommand("SELECT message_id FROM sent_mail WHERE message_id = ANY($1)");
        command.Parameters.AddWithValue(messageIds.ToArray());
        var sent = new HashSet<string>(StringComparer.Ordinal);
        await using (var rows = await command.ExecuteReaderAsync())
            while (await rows.ReadAsync())
                sent.Add(rows.GetString(0));
        return messageIds.Select(sent.Contains).ToList();
    }

    private async Task<IReadOnlyList<bool>> RecordAllAsync(IReadOnlyList<string> messageIds)
    {
        await using var command = _db.CreateCommand("INSERT INTO sent_mail (message_id) SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(messageIds.ToArray());
        await command.ExecuteNonQueryAsync();
        return messageIds.Select(_ => true).ToList();
    }
}
