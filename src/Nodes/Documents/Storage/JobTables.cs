using Npgsql;

namespace AkkaOcr.Documents.Storage;

/// <summary>
/// The tables of document jobs, beside the journal: the uploaded document, each page's result, the built
/// outputs, and one row per job for listing, admission and retention. Created on start by every node that
/// uses them; creating twice at once is harmless (an advisory lock orders it).
/// </summary>
public static class JobTables
{
    private const long SchemaLockKey = 0x416b6b614f6372; // "AkkaOcr", any fixed number shared by every node

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ocr_jobs (
            job_id      uuid PRIMARY KEY,
            owner_id    text NOT NULL,
            status      text NOT NULL,
            pages_total integer NOT NULL,
            pages_done  integer NOT NULL DEFAULT 0,
            created     timestamptz NOT NULL,
            finished    timestamptz NULL,
            error       text NULL
        );
        CREATE INDEX IF NOT EXISTS ocr_jobs_owner_created ON ocr_jobs (owner_id, created DESC);
        CREATE INDEX IF NOT EXISTS ocr_jobs_unfinished ON ocr_jobs (status) WHERE finished IS NULL;
        CREATE TABLE IF NOT EXISTS ocr_documents (
            job_id     uuid PRIMARY KEY,
            owner_id   text NOT NULL,
            kind       text NOT NULL,
            page_count integer NOT NULL,
            content    bytea NOT NULL,
            stored     timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS ocr_job_pages (
            job_id      uuid NOT NULL,
            page        integer NOT NULL,
            source      text NOT NULL,
            text        text NOT NULL,
            confidence  real NOT NULL,
            width       integer NOT NULL,
            height      integer NOT NULL,
            resolution  integer NOT NULL,
            words       jsonb NOT NULL,
            hocr        text NULL,
            alto        text NULL,
            text_layer  bytea NULL,
            upright_turn integer NOT NULL DEFAULT 0,
            PRIMARY KEY (job_id, page)
        );
        CREATE TABLE IF NOT EXISTS ocr_job_outputs (
            job_id  uuid NOT NULL,
            format  text NOT NULL,
            content bytea NOT NULL,
            PRIMARY KEY (job_id, format)
        );
        """;

    public static async Task EnsureCreatedAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var create = new NpgsqlCommand(Schema, connection, transaction))
            await create.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
