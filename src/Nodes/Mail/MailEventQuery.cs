using Akka.Actor;
using Akka.Persistence.Query;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Users;
using Npgsql;

namespace AkkaOcr.Mail;

/// <summary>
/// Reads the journal's <c>mail</c>-tagged events for the outbox straight from the tables Akka.Persistence.Sql
/// keeps in tag-table mode: <c>journal</c> (ordering, persistence_id, sequence_number, message, identifier,
/// manifest, created, deleted) and <c>tags</c> (ordering_id, tag, persistence_id, sequence_nr). The plugin's own
/// events-by-tag query aggregates the tags of every event it returns with a scan of the whole tags table per
/// page, so its pages slow down as the journal grows; these queries walk an index of ours and the journal's
/// primary key, and cost the same at any journal size.
/// </summary>
public sealed class MailEventQuery(NpgsqlDataSource db)
{
    /// <summary>
    /// The index the page query walks: the plugin's key on the tags table leads with the ordering, so a tag's
    /// events in ordering order need their own. Idempotent. Built while writes to the tags table wait; on an
    /// existing journal that is a few seconds per million tagged events, once.
    /// </summary>
    internal const string IndexSql = "CREATE INDEX IF NOT EXISTS tags_tag_ordering_id ON tags (tag, ordering_id)";

    /// <summary>
    /// The next events of a tag after an offset and up to a settled horizon, in journal order: one index range
    /// of <c>tags_tag_ordering_id</c>, each row joined to its journal row by the journal's primary key. The
    /// range is stated for the journal too: PostgreSQL carries equalities across a join but not ranges, and a
    /// merge join would otherwise walk the journal's key from its first row on every page.
    /// </summary>
    internal const string PageSql = """
        SELECT j.ordering, j.persistence_id, j.sequence_number, j.message, j.identifier, j.manifest, j.created
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE t.tag = $1 AND t.ordering_id > $2 AND t.ordering_id <= $3
          AND j.ordering > $2 AND j.ordering <= $3 AND NOT j.deleted
        ORDER BY t.ordering_id
        LIMIT $4
        """;

    /// <summary>
    /// The unbroken run of journal orderings above a horizon, and the first ordering after the hole that ends
    /// it: rows of a run have ordering minus rank equal to the horizon. Walks the journal's primary key only.
    /// </summary>
    internal const string ProbeSql = """
        WITH page AS (SELECT ordering FROM journal WHERE ordering > $1 ORDER BY ordering LIMIT $2),
             ranked AS (SELECT ordering, ordering - row_number() OVER (ORDER BY ordering) AS run FROM page)
        SELECT (SELECT max(ordering) FROM ranked WHERE run = $1),
               (SELECT min(ordering) FROM ranked WHERE run > $1),
               (SELECT count(*) FROM page)
        """;

    private static readonly TimeSpan TablesPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Creates the index the page query needs, once the journal's tables exist: the write journal creates them
    /// as it starts, which the caller has set going. Waits for them until <paramref name="cancellationToken"/> ends.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await using (var exists = db.CreateCommand("SELECT to_regclass('journal') IS NOT NULL AND to_regclass('tags') IS NOT NULL"))
            while (await exists.ExecuteScalarAsync(cancellationToken) is not true)
                await Task.Delay(TablesPollInterval, cancellationToken);
        await using var create = db.CreateCommand(IndexSql);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Looks at up to <paramref name="limit"/> journal orderings above <paramref name="settled"/>.</summary>
    public async Task<JournalProbe> ProbeAsync(long settled, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var probe = db.CreateCommand(ProbeSql);
        probe.Parameters.AddWithValue(settled);
        probe.Parameters.AddWithValue((long)limit);
        await using var row = await probe.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        return new JournalProbe(
            row.IsDBNull(0) ? settled : row.GetInt64(0),
            row.IsDBNull(1) ? null : row.GetInt64(1),
            row.GetInt64(2) == limit);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> <c>mail</c>-tagged events with orderings in (<paramref name="after"/>,
    /// <paramref name="upTo"/>], in journal order, each deserialized by <paramref name="system"/>'s serializers
    /// exactly as the journal plugin would.
    /// </summary>
    public async Task<IReadOnlyList<EventEnvelope>> ReadAsync(ActorSystem system, long after, long upTo, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (upTo <= after)
            return [];
        await using var page = db.CreateCommand(PageSql);
        page.Parameters.AddWithValue(UserActor.MailTag);
        page.Parameters.AddWithValue(after);
        page.Parameters.AddWithValue(upTo);
        page.Parameters.AddWithValue((long)limit);
        var events = new List<EventEnvelope>(limit);
        await using var row = await page.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            var ordering = row.GetInt64(0);
            var persistenceId = row.GetString(1);
            var sequenceNr = row.GetInt64(2);
            var payload = Deserialize(system, (byte[])row[3], row.IsDBNull(4) ? null : row.GetInt32(4), row.IsDBNull(5) ? "" : row.GetString(5));
            events.Add(new EventEnvelope(Offset.Sequence(ordering), persistenceId, sequenceNr, payload, row.GetInt64(6), [UserActor.MailTag]));
        }
        return events;
    }

    /// <summary>
    /// The production serializer, by the id and manifest stored with the event. The project's serializer
    /// already turns an unknown manifest or damaged bytes into an <see cref="UnreadableEvent"/>; a row whose
    /// serializer this node does not have at all becomes one here, so that it is set aside too instead of
    /// stopping the outbox.
    /// </summary>
    private static object Deserialize(ActorSystem system, byte[] message, int? serializerId, string manifest)
    {
        if (serializerId is not { } id)
            return new UnreadableEvent(manifest, "the journal row names no serializer");
        try
        {
            return system.Serialization.Deserialize(message, id, manifest);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new UnreadableEvent(manifest, $"serializer {id} did not read it: {e.GetType().Name}");
        }
    }
}
