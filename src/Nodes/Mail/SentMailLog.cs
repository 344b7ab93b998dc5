using System.Collections.Concurrent;
using Npgsql;

namespace AkkaOcr.Mail;

/// <summary>
/// Message ids already mailed, so a redelivered or republished message is not mailed twice. Kept for
/// <see cref="Retention"/>, far longer than any redelivery or outbox replay takes.
/// <para>
/// An id is claimed (a row without <c>sent_at</c>) before its mail goes to the SMTP server and marked sent
/// after the server accepted it. What is in between is what SMTP cannot make atomic with a database, so:
/// </para>
/// <list type="bullet">
/// <item>the claim fails (PostgreSQL away): nothing was sent, the message goes back to the queue;</item>
/// <item>the SMTP server refuses the mail: the claim is released;</item>
/// <item>marking it sent fails after the server accepted it: this node remembers the id
/// (<see cref="IsAcceptedButUnrecorded"/>), so the redelivered message is recorded and dropped, not mailed again;</item>
/// <item>the notifier process dies after the server accepted it and before marking it: the claim stays
/// unconfirmed, and the next delivery mails it again (at least once) and counts it in
/// <see cref="MailMetrics.UnconfirmedMailSentAgain"/>. That is the one way a mail is sent twice.</item>
/// </list>
/// </summary>
public sealed class SentMailLog(NpgsqlDataSource db)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>Bounds the memory of accepted but unrecorded ids; past it the oldest are forgotten (and may be mailed again).</summary>
    public const int MaxAcceptedButUnrecorded = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _acceptedButUnrecorded = new(StringComparer.Ordinal);
    private volatile bool _schemaReady;

    /// <summary>What a claim found.</summary>
    public enum Claim
    {
        /// <summary>Never seen: claimed now; mail it.</summary>
        New,

        /// <summary>Mailed and recorded before: drop it.</summary>
        AlreadySent,

        /// <summary>Claimed before and never marked: the SMTP server may or may not have accepted it.</summary>
        Unconfirmed,
    }

    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        if (!_schemaReady)
            await CreateOrUpgradeAsync(cancellationToken);
        await using var prune = db.CreateCommand("DELETE FROM sent_mail WHERE claimed_at < now() - $1");
        prune.Parameters.AddWithValue(Retention);
        await prune.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task CreateOrUpgradeAsync(CancellationToken cancellationToken)
    {
        // The first version had only message_id and sent_at (NOT NULL): a row was written after sending.
        // Now a row is claimed first, without sent_at; rows of the first version are all sent ones.
        await using (var create = db.CreateCommand("""
                         CREATE TABLE IF NOT EXISTS sent_mail (message_id text PRIMARY KEY, sent_at timestamptz);
                         ALTER TABLE sent_mail ADD COLUMN IF NOT EXISTS claimed_at timestamptz NOT NULL DEFAULT now();
                         ALTER TABLE sent_mail ALTER COLUMN sent_at DROP NOT NULL, ALTER COLUMN sent_at DROP DEFAULT;
                         """))
            await create.ExecuteNonQueryAsync(cancellationToken);
        _schemaReady = true;
    }

    /// <summary>Claims every id in one round trip and says, per id, what the claim found.</summary>
    /// <param name="messageIds">Distinct ids.</param>
    public async Task<IReadOnlyDictionary<string, Claim>> ClaimAllAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        var claims = new Dictionary<string, Claim>(messageIds.Count, StringComparer.Ordinal);
        if (messageIds.Count == 0)
            return claims;
        // The rows inserted here are not visible to the same statement's join with sent_mail: it answers
        // only for rows that were there before.
        await using var command = db.CreateCommand("""
            WITH wanted AS (SELECT unnest($1::text[]) AS message_id),
                 claimed AS (INSERT INTO sent_mail (message_id) SELECT message_id FROM wanted ON CONFLICT DO NOTHING RETURNING message_id)
            SELECT wanted.message_id, claimed.message_id IS NOT NULL, sent_mail.sent_at IS NOT NULL
            FROM wanted
            LEFT JOIN claimed ON claimed.message_id = wanted.message_id
            LEFT JOIN sent_mail ON sent_mail.message_id = wanted.message_id
            """);
        command.Parameters.AddWithValue(messageIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            claims[reader.GetString(0)] = reader.GetBoolean(1) ? Claim.New
                : reader.GetBoolean(2) ? Claim.AlreadySent
                : Claim.Unconfirmed;
        return claims;
    }

    /// <summary>The SMTP server accepted the mail: from now on this node never mails the id again, recorded or not.</summary>
    public void Accepted(string messageId)
    {
        if (_acceptedButUnrecorded.Count >= MaxAcceptedButUnrecorded)
            foreach (var oldest in _acceptedButUnrecorded.OrderBy(entry => entry.Value).Take(MaxAcceptedButUnrecorded / 10))
                _acceptedButUnrecorded.TryRemove(oldest.Key, out _);
        _acceptedButUnrecorded[messageId] = DateTimeOffset.UtcNow;
    }

    /// <summary>The SMTP server accepted this id's mail on this node, and recording it has not succeeded yet.</summary>
    public bool IsAcceptedButUnrecorded(string messageId) => _acceptedButUnrecorded.ContainsKey(messageId);

    /// <summary>Records every id as sent in one round trip; only then are they forgotten as accepted but unrecorded.</summary>
    /// <param name="messageIds">Distinct ids.</param>
    public async Task MarkAllSentAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        if (messageIds.Count == 0)
            return;
        await using var command = db.CreateCommand("""
            INSERT INTO sent_mail (message_id, sent_at) SELECT unnest($1::text[]), now()
            ON CONFLICT (message_id) DO UPDATE SET sent_at = excluded.sent_at
            """);
        command.Parameters.AddWithValue(messageIds.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        foreach (var messageId in messageIds)
            _acceptedButUnrecorded.TryRemove(messageId, out _);
    }

    /// <summary>The mail was not sent after all (refused, dead-lettered): a later copy of it may be mailed.</summary>
    public async Task ReleaseAsync(string messageId, CancellationToken cancellationToken = default)
    {
        await using var command = db.CreateCommand("DELETE FROM sent_mail WHERE message_id = $1 AND sent_at IS NULL");
        command.Parameters.AddWithValue(messageId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
