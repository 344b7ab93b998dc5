using Npgsql;

namespace AkkaOcr.Nodes.Mail;

/// <summary>
/// How far the outbox has published, as the journal's tag ordering, in Postgres beside the journal.
/// Written only after the broker confirmed everything up to it.
/// </summary>
public sealed class MailOutboxOffsets(NpgsqlDataSource db)
{
    private const string OutboxName = "mail";

    public async Task<long> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using (var create = db.CreateCommand(
                         "CREATE TABLE IF NOT EXISTS mail_outbox_offset (name text PRIMARY KEY, ordering bigint NOT NULL)"))
            await create.ExecuteNonQueryAsync(cancellationToken);
        await using var select = db.CreateCommand("SELECT ordering FROM mail_outbox_offset WHERE name = $1");
        select.Parameters.AddWithValue(OutboxName);
        return await select.ExecuteScalarAsync(cancellationToken) is long ordering ? ordering : 0;
    }

    public async Task SaveAsync(long ordering, CancellationToken cancellationToken = default)
    {
        // GREATEST keeps the offset from moving back should two outboxes briefly overlap during a hand-over.
        await using var upsert = db.CreateCommand("""
            INSERT INTO mail_outbox_offset (name, ordering) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET ordering = GREATEST(mail_outbox_offset.ordering, EXCLUDED.ordering)
            """);
        upsert.Parameters.AddWithValue(OutboxName);
        upsert.Parameters.AddWithValue(ordering);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }
}
