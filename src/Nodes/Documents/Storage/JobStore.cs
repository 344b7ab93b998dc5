using System.Text.Json;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.Messages.Ocr;
using Npgsql;
using NpgsqlTypes;

namespace AkkaOcr.Documents.Storage;

/// <summary>
/// Documents, page results and outputs of jobs in PostgreSQL. Every write is idempotent (a page or an
/// output written twice stays as first written), so a page read again after a node was lost, or a job
/// entity that retries, never records anything twice.
/// </summary>
public sealed class JobStore(NpgsqlDataSource database)
{
    private static readonly JsonSerializerOptions WordJson = new(JsonSerializerDefaults.Web);

    /// <summary>Stores an uploaded document (as a PDF) before its job is submitted.</summary>
    public async Task SaveDocumentAsync(DocumentJobId jobId, string ownerId, string kind, int pageCount, byte[] pdf, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO ocr_documents (job_id, owner_id, kind, page_count, content) VALUES (@job, @owner, @kind, @pages, @content)
            ON CONFLICT (job_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("job", jobId.Value);
        command.Parameters.AddWithValue("owner", ownerId);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("pages", pageCount);
        command.Parameters.AddWithValue("content", NpgsqlDbType.Bytea, pdf);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes a job's document to <paramref name="path"/>, streamed; false when it is not (or no longer) stored.</summary>
    public async Task<bool> CopyDocumentToAsync(DocumentJobId jobId, string path, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT content FROM ocr_documents WHERE job_id = @job");
        command.Parameters.AddWithValue("job", jobId.Value);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return false;
        await using var content = await reader.GetStreamAsync(0, cancellationToken);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await content.CopyToAsync(file, cancellationToken);
        return true;
    }

    /// <summary>
    /// Records a new job, unless its owner already has <paramref name="maxActive"/> queued or running: the
    /// owner's rows are counted and written under a lock on the owner, so two uploads at once cannot both
    /// take the last place. A job already recorded is admitted again (a retried submission).
    /// </summary>
    public async Task<(bool Admitted, int Active)> AdmitAsync(DocumentJobId jobId, string ownerId, int pagesTotal, int maxActive,
        DateTimeOffset created, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockOwner = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@owner, 7301))", connection, transaction))
        {
            lockOwner.Parameters.AddWithValue("owner", ownerId);
            await lockOwner.ExecuteNonQueryAsync(cancellationToken);
        }
        int active;
        bool known;
        await using (var count = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE finished IS NULL AND job_id <> @job), bool_or(job_id = @job) FROM ocr_jobs WHERE owner_id = @owner
            """, connection, transaction))
        {
            count.Parameters.AddWithValue("owner", ownerId);
            count.Parameters.AddWithValue("job", jobId.Value);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            active = (int)reader.GetInt64(0);
            known = !reader.IsDBNull(1) && reader.GetBoolean(1);
        }
        if (!known && active >= maxActive)
            return (false, active);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO ocr_jobs (job_id, owner_id, status, pages_total, created) VALUES (@job, @owner, @status, @pages, @created)
            ON CONFLICT (job_id) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("job", jobId.Value);
            insert.Parameters.AddWithValue("owner", ownerId);
            insert.Parameters.AddWithValue("status", JobStatus.Queued.ToApiName());
            insert.Parameters.AddWithValue("pages", pagesTotal);
            insert.Parameters.AddWithValue("created", created);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (true, active + 1);
    }

    /// <summary>
    /// Brings a job's row up to its entity's state. The entity does not wait for one write before the next, so
    /// writes may land out of order: a row never goes back, neither from a final state (which would count a
    /// finished job against its owner's cap for good) nor to fewer pages done.
    /// </summary>
    public async Task UpdateAsync(JobView job, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            UPDATE ocr_jobs SET status = @status, pages_done = @done, finished = @finished, error = @error
            WHERE job_id = @job AND finished IS NULL AND pages_done <= @done
            """);
        command.Parameters.AddWithValue("job", job.JobId.Value);
        command.Parameters.AddWithValue("status", job.Status.ToApiName());
        command.Parameters.AddWithValue("done", job.PagesDone);
        command.Parameters.AddWithValue("finished", NpgsqlDbType.TimestampTz, (object?)job.Finished ?? DBNull.Value);
        command.Parameters.AddWithValue("error", NpgsqlDbType.Text, (object?)job.Error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SavePageAsync(DocumentJobId jobId, StoredPage page, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO ocr_job_pages (job_id, page, source, text, confidence, width, height, resolution, words, hocr, alto, text_layer, upright_turn)
            VALUES (@job, @page, @source, @text, @confidence, @width, @height, @resolution, @words, @hocr, @alto, @layer, @turn)
            ON CONFLICT (job_id, page) DO NOTHING
            """);
        command.Parameters.AddWithValue("job", jobId.Value);
        command.Parameters.AddWithValue("page", page.Page);
        command.Parameters.AddWithValue("source", page.Source.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("text", page.Text);
        command.Parameters.AddWithValue("confidence", page.Confidence);
        command.Parameters.AddWithValue("width", page.Width);
        command.Parameters.AddWithValue("height", page.Height);
        command.Parameters.AddWithValue("resolution", page.Resolution);
        command.Parameters.AddWithValue("words", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(page.Words, WordJson));
        command.Parameters.AddWithValue("hocr", NpgsqlDbType.Text, (object?)page.Hocr ?? DBNull.Value);
        command.Parameters.AddWithValue("alto", NpgsqlDbType.Text, (object?)page.Alto ?? DBNull.Value);
        command.Parameters.AddWithValue("layer", NpgsqlDbType.Bytea, (object?)page.TextLayer ?? DBNull.Value);
        command.Parameters.AddWithValue("turn", page.UprightTurn);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The stored pages of a job in page order; <paramref name="withTextLayers"/> also reads the (larger) text layers.</summary>
    public async Task<IReadOnlyList<StoredPage>> ReadPagesAsync(DocumentJobId jobId, bool withTextLayers, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT page, source, text, confidence, width, height, resolution, words::text, hocr, alto, {(withTextLayers ? "text_layer" : "NULL::bytea")}, upright_turn
            FROM ocr_job_pages WHERE job_id = @job ORDER BY page
            """);
        command.Parameters.AddWithValue("job", jobId.Value);
        var pages = new List<StoredPage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            pages.Add(new StoredPage(
                reader.GetInt32(0),
                Enum.Parse<PageSource>(reader.GetString(1), ignoreCase: true),
                reader.GetString(2),
                reader.GetFloat(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetInt32(6),
                JsonSerializer.Deserialize<List<OcrWord>>(reader.GetString(7), WordJson) ?? [],
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : (byte[])reader[10],
                reader.GetInt32(11)));
        return pages;
    }

    public async Task SaveOutputAsync(DocumentJobId jobId, string format, byte[] content, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO ocr_job_outputs (job_id, format, content) VALUES (@job, @format, @content) ON CONFLICT (job_id, format) DO NOTHING
            """);
        command.Parameters.AddWithValue("job", jobId.Value);
        command.Parameters.AddWithValue("format", format);
        command.Parameters.AddWithValue("content", NpgsqlDbType.Bytea, content);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> ReadOutputAsync(DocumentJobId jobId, string format, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT content FROM ocr_job_outputs WHERE job_id = @job AND format = @format");
        command.Parameters.AddWithValue("job", jobId.Value);
        command.Parameters.AddWithValue("format", format);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <summary>The owner's jobs, newest first, created before <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<JobRow>> ListAsync(string ownerId, int limit, DateTimeOffset? before, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT job_id, owner_id, status, pages_total, pages_done, created, finished, error FROM ocr_jobs
            WHERE owner_id = @owner AND (@before::timestamptz IS NULL OR created < @before)
            ORDER BY created DESC, job_id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("owner", ownerId);
        command.Parameters.AddWithValue("before", NpgsqlDbType.TimestampTz, (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>Jobs with work left, oldest first: after a crash or a restart their entities are woken.</summary>
    public async Task<IReadOnlyList<DocumentJobId>> UnfinishedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT job_id FROM ocr_jobs WHERE finished IS NULL ORDER BY created LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        return await ReadIdsAsync(command, cancellationToken);
    }

    /// <summary>Jobs finished before <paramref name="finishedBefore"/>: past their retention.</summary>
    public async Task<IReadOnlyList<DocumentJobId>> ExpiredAsync(DateTimeOffset finishedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT job_id FROM ocr_jobs WHERE finished < @before ORDER BY finished LIMIT @limit");
        command.Parameters.AddWithValue("before", finishedBefore);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadIdsAsync(command, cancellationToken);
    }

    /// <summary>
    /// Deletes documents stored before <paramref name="storedBefore"/> that no job took: the upload's
    /// gateway stopped between storing and submitting, or the job was refused.
    /// </summary>
    public async Task<int> DeleteOrphanDocumentsAsync(DateTimeOffset storedBefore, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            DELETE FROM ocr_documents d WHERE d.stored < @before AND NOT EXISTS (SELECT 1 FROM ocr_jobs j WHERE j.job_id = d.job_id)
            """);
        command.Parameters.AddWithValue("before", storedBefore);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes a refused job's document; the job was never recorded.</summary>
    public async Task DeleteDocumentAsync(DocumentJobId jobId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("DELETE FROM ocr_documents WHERE job_id = @job");
        command.Parameters.AddWithValue("job", jobId.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes everything stored for a job, its row last, in one transaction.</summary>
    public async Task DeleteJobAsync(DocumentJobId jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "ocr_job_outputs", "ocr_job_pages", "ocr_documents", "ocr_jobs" })
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {table} WHERE job_id = @job", connection, transaction);
            command.Parameters.AddWithValue("job", jobId.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<JobRow>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<JobRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new JobRow(
                new DocumentJobId(reader.GetGuid(0)),
                reader.GetString(1),
                Enum.Parse<JobStatus>(reader.GetString(2), ignoreCase: true),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        return rows;
    }

    private static async Task<IReadOnlyList<DocumentJobId>> ReadIdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<DocumentJobId>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(new DocumentJobId(reader.GetGuid(0)));
        return ids;
    }
}
