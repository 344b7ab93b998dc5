using Npgsql;

namespace AkkaOcr.Mail;

/// <summary>
/// Message ids already mailed, so a redelivered or republished message is not mailed twice. Kept
/// for <see cref="Retention"/>, far longer than any redelivery or outbox replay takes.
/// </summary>
public sealed class SentMailLog(NpgsqlDataSource db)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        await using (var create = db.CreateCommand(
                         "CREATE TABLE IF NOT EXISTS sent_mail (message_id text PRIMARY KEY, sent_at timestamptz NOT NULL DEFAULT now())"))
            await create.ExecuteNonQueryAsync(cancellationToken);
        await using var prune = db.CreateCommand("DELETE FROM sent_mail WHERE sent_at < now() - $1");
        prune.Parameters.AddWithValue(Retention);
        await prune.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> WasSentAsync(string messageId, CancellationToken cancellationToken = default)
    {
        await using var command = db.CreateCommand("SELECT 1 FROM sent_mail WHERE message_id = $1");
        command.Parameters.AddWithValue(messageId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task RecordAsync(string messageId, CancellationToken cancellationToken = default)
    {
        await using var command = db.CreateCommand("INSERT INTO sent_mail (message_id) VALUES ($1) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(messageId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
