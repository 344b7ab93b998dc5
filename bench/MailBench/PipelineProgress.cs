using System.Diagnostics;
using AkkaOcr.Users;
using Npgsql;

namespace AkkaOcr.Bench.MailBench;

/// <summary>
/// What the mail pipeline has to do and how far it got, read from the database the node uses: the
/// journal's tag table for the seeded mail events, the outbox's stored offset (written only after the
/// broker confirmed everything up to it), and the notifier's record of sent mail.
/// </summary>
public sealed class PipelineProgress(NpgsqlDataSource db)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How many events carry the mail tag, and the journal ordering of the last one.</summary>
    public async Task<(long Count, long LastOrdering)> MailEventsAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT count(*), coalesce(max(ordering_id), 0) FROM tags WHERE tag = $1");
        command.Parameters.AddWithValue(UserActor.MailTag);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The outbox's stored offset; 0 before it stored one (or created its table).</summary>
    public async Task<long> StoredOffsetAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = db.CreateCommand("SELECT ordering FROM mail_outbox_offset WHERE name = 'mail'");
            return await command.ExecuteScalarAsync(cancellationToken) is long ordering ? ordering : 0;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the stored offset was first seen at <paramref name="ordering"/> or beyond.</summary>
    public async Task<long> WhenStoredAsync(long ordering, CancellationToken cancellationToken)
    {
        while (await StoredOffsetAsync(cancellationToken) < ordering)
            await Task.Delay(PollInterval, cancellationToken);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Rows in the notifier's record of sent mail: one per mail it delivered.</summary>
    public async Task<long> SentMailCountAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT count(*) FROM sent_mail");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
