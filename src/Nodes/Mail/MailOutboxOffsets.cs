using Npgsql;

namespace AkkaOcr.Mail;

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

    /// <summary>
    /// How far behind the journal the outbox is, in one round trip. Reads the journal's own tables (the
    /// names Akka.Persistence.Sql gives them in tag-table mode); both lookups walk their primary keys.
    /// Null until the journal and the outbox have created their tables.
    /// </summary>
    public async Task<MailOutboxLag?> ReadLagAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var select = db.CreateCommand("""
            WITH stored AS (SELECT coalesce((SELECT ordering FROM mail_outbox_offset WHERE name = $1), 0) AS ordering)
            SELECT stored.ordering,
                   coalesce((SELECT max(ordering_id) FROM tags WHERE tag = $2), 0),
                   (SELECT j.created FROM tags t JOIN journal j ON j.ordering = t.ordering_id
                     WHERE t.tag = $2 AND t.ordering_id > stored.ordering ORDER BY t.ordering_id LIMIT 1)
            FROM stored
            """);
        select.Parameters.AddWithValue(OutboxName);
        select.Parameters.AddWithValue(Users.UserActor.MailTag);
        try
        {
            await using var row = await select.ExecuteReaderAsync(cancellationToken);
            await row.ReadAsync(cancellationToken);
            // The journal stores when an event was written as UTC ticks.
            DateTimeOffset? oldestUnsent = row.IsDBNull(2) ? null : new DateTimeOffset(row.GetInt64(2), TimeSpan.Zero);
            return new MailOutboxLag(row.GetInt64(0), row.GetInt64(1), oldestUnsent, now);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }
}
