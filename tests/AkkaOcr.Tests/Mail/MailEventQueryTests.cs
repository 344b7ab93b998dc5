using System.Text.Json;
using Akka.Hosting;
using Akka.Persistence;
using Akka.Persistence.Query;
using AkkaOcr.Mail;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Users;
using AkkaOcr.Users.Persistence;
using Npgsql;

namespace AkkaOcr.Tests.Mail;

/// <summary>
/// The outbox's own queries over the journal's tables as Akka.Persistence.Sql creates them, on a real
/// PostgreSQL: how they are planned on a large journal, and what they read while a write is still open.
/// </summary>
public sealed class MailEventQueryTests : Akka.Hosting.TestKit.TestKit, IAsyncLifetime
{
    /// <summary>Rows in the journal for the planning test: the size at which a scan of the tags table made the outbox slow.</summary>
    private const int JournalRows = 200_000;

    private static readonly TimeSpan PrepareTimeout = TimeSpan.FromSeconds(30);
    private readonly TestDatabase _database = TestDatabase.Reserve();
    private NpgsqlDataSource _db = null!;
    private MailEventQuery _query = null!;

    public MailEventQueryTests(ITestOutputHelper output) : base(output: output) => _database.CreateAsync().GetAwaiter().GetResult();

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAkkaOcrSerialization().AddAkkaOcrPersistence(_database.ConnectionString);

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await base.InitializeAsync();
        _db = NpgsqlDataSource.Create(_database.ConnectionString);
        _query = new MailEventQuery(_db);
        // The write journal creates its tables (the plugin's own schema) as it starts; the outbox's index follows.
        Persistence.Instance.Apply(Sys).JournalFor(null);
        using var timeout = new CancellationTokenSource(PrepareTimeout);
        await _query.PrepareAsync(timeout.Token);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await _db.DisposeAsync();
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task On_a_journal_of_200000_tagged_events_the_page_query_walks_the_tag_index_and_the_probe_walks_the_journal_key()
    {
        // One event in ten tagged mail, the rest with another tag: the page query must find the mail events
        // without reading the journal from its start, at the start of the journal as in its middle.
        await ExecuteAsync($"""
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
            SELECT 0, false, 'user-' || i || '@example.org', 1, '\x00'::bytea, 'm', 1, 'w' FROM generate_series(1, {JournalRows}) i;
            INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id)
            SELECT ordering, CASE WHEN ordering % 10 = 0 THEN '{UserActor.MailTag}' ELSE 'job' END, 1, persistence_id FROM journal;
            ANALYZE journal;
            ANALYZE tags;
            """);

        foreach (var after in new long[] { 0, JournalRows / 2 })
        {
            var page = await PlanAsync(MailEventQuery.PageSql, UserActor.MailTag, after, (long)JournalRows, (long)MailEventSource.PageSize);
            Assert.DoesNotContain(page, node => node.Type == "Seq Scan");
            // Whichever index the planner prefers for the tag's share of the journal, the scan starts at the
            // offset: what it reads grows with the page, not with the journal.
            var tags = Assert.Single(page, node => node.Relation == "tags");
            Assert.Contains(tags.Index, new[] { "tags_tag_ordering_id", "PK_tags" });
            Assert.Contains("ordering_id >", tags.Condition);
            // The journal side too: found row by row by its key, or walked from the offset, never from its first row.
            var journal = Assert.Single(page, node => node.Relation == "journal");
            Assert.Equal("PK_journal", journal.Index);
            Assert.Matches(@"ordering (>|=) ", journal.Condition);

            var probe = await PlanAsync(MailEventQuery.ProbeSql, after, (long)MailEventSource.ProbeSize);
            Assert.DoesNotContain(probe, node => node.Type == "Seq Scan");
        }
    }

    [Fact]
    public async Task An_event_whose_lower_ordering_commits_after_a_higher_one_is_read_first_once_it_commits()
    {
        var rows = new JournalRows(_database.ConnectionString);
        var codes = new OtpCodes("query-test-data-key-0123456789abcdefghijkl"u8.ToArray());
        var at = DateTimeOffset.UtcNow;
        object CodeFor(string persistenceId) => new UserEvents.OtpIssued([1], codes.Seal(UserActor.EmailOf(persistenceId), "123456"), at, at.AddMinutes(10));
        var (slow, fast) = (UserActor.PersistenceIdFor("slow@example.org"), UserActor.PersistenceIdFor("fast@example.org"));

        await using var slowWrite = await rows.BeginMailEventAsync(Sys, slow, 1, CodeFor(slow));
        var fastOrdering = await rows.AppendMailEventAsync(Sys, fast, 1, CodeFor(fast));
        Assert.True(fastOrdering > slowWrite.Ordering);

        var horizon = JournalHorizon.At(0).Advance(await _query.ProbeAsync(0, MailEventSource.ProbeSize), DateTimeOffset.UtcNow);
        Assert.Equal(slowWrite.Ordering - 1, horizon.Settled);
        Assert.Empty(await _query.ReadAsync(Sys, 0, horizon.Settled, MailEventSource.PageSize));

        await slowWrite.CommitAsync();
        horizon = horizon.Advance(await _query.ProbeAsync(horizon.Settled, MailEventSource.ProbeSize), DateTimeOffset.UtcNow);
        var events = await _query.ReadAsync(Sys, 0, horizon.Settled, MailEventSource.PageSize);

        Assert.Equal([(slowWrite.Ordering, slow), (fastOrdering, fast)],
            events.Select(e => (((Sequence)e.Offset).Value, e.PersistenceId)));
        Assert.All(events, e => Assert.IsType<UserEvents.OtpIssued>(e.Event));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _db.CreateCommand(sql);
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The nodes of the plan PostgreSQL chooses for <paramref name="sql"/> with these parameter values.</summary>
    private async Task<IReadOnlyList<PlanNode>> PlanAsync(string sql, params object[] parameters)
    {
        await using var explain = _db.CreateCommand("EXPLAIN (FORMAT JSON) " + sql);
        foreach (var parameter in parameters)
            explain.Parameters.AddWithValue(parameter);
        var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!).RootElement[0].GetProperty("Plan");
        var nodes = new List<PlanNode>();
        Collect(plan, nodes);
        Output?.WriteLine(string.Join(", ", nodes));
        return nodes;
    }

    private static void Collect(JsonElement node, List<PlanNode> nodes)
    {
        static string? Text(JsonElement node, string name) => node.TryGetProperty(name, out var value) ? value.GetString() : null;
        nodes.Add(new PlanNode(Text(node, "Node Type")!, Text(node, "Relation Name"), Text(node, "Index Name"), Text(node, "Index Cond")));
        if (node.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray())
                Collect(child, nodes);
    }

    private sealed record PlanNode(string Type, string? Relation, string? Index, string? Condition);
}
