using System.Diagnostics;
using AkkaOcr.Gateway.Users;
using AkkaOcr.LoadDriver;
using AkkaOcr.Mail;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.MultiProcess.History;
using AkkaOcr.Users;
using Npgsql;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// PostgreSQL failing under sign-up load, on a durable server (fsync, synchronous commit, full page
/// writes): killed at once and started again, its sessions terminated, a longer stop, and a hang (every
/// packet dropped). Each time:
/// requests during the fault get a prompt 503 (never a 500, never a hang), registrations work again
/// within <see cref="RecoveryBound"/> of the server accepting connections, every acknowledged write
/// survives, entities whose writes failed serve what was acknowledged, and every issued code is mailed.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class PostgresFaultTests(PostgresFaultCluster fixture, ITestOutputHelper output) : IClassFixture<PostgresFaultCluster>
{
    /// <summary>From the server accepting connections again to the first 201 for an address never seen before.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(5);

    /// <summary>A 503 comes when the Ask times out; hashing and a busy 2-core machine may add a little to it, never much.</summary>
    private static readonly TimeSpan FailFastBound = UserShardClient.AskTimeout + TimeSpan.FromSeconds(3);

    private static readonly TimeSpan MailBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_immediate_stop_of_15_s_costs_only_prompt_503s_and_registrations_resume_within_5_s_of_the_restart()
    {
        await RunUnderLoadAsync("immediate stop, 15 s", async () =>
        {
            await fixture.Postgres.StopImmediatelyAsync();
            await Task.Delay(TimeSpan.FromSeconds(15));
            await fixture.Postgres.StartAsync();
        });
    }

    [Fact]
    public async Task Terminated_sessions_cost_only_prompt_503s_and_registrations_resume_within_5_s()
    {
        await RunUnderLoadAsync("pg_terminate_backend of every session", async () =>
        {
            // Twice, a second apart: the second round also cuts the connections opened to replace the first.
            var terminated = await fixture.Postgres.TerminateSessionsAsync(fixture.Environment.Database.Name);
            await Task.Delay(TimeSpan.FromSeconds(1));
            terminated += await fixture.Postgres.TerminateSessionsAsync(fixture.Environment.Database.Name);
            output.WriteLine($"terminated {terminated} sessions");
        });
    }

    /// <summary>Thirty seconds: as long as the mail streams' longest backoff, so the outbox and the notifier come back from their longest wait.</summary>
    [Fact]
    public async Task A_stop_of_30_s_costs_only_prompt_503s_and_registrations_resume_within_5_s_of_the_restart()
    {
        await RunUnderLoadAsync("immediate stop, 30 s", async () =>
        {
            await fixture.Postgres.StopImmediatelyAsync();
            await Task.Delay(TimeSpan.FromSeconds(30));
            await fixture.Postgres.StartAsync();
        });
    }

    /// <summary>
    /// PostgreSQL hangs instead of refusing: every packet to and from it dropped for 15 s (a network
    /// partition that drops packets, a frozen host). Nothing answers and nothing fails fast below the
    /// gateway; its Ask timeout must still turn each request into a prompt 503, and the connections that
    /// outlive the silence must serve again once it ends.
    /// </summary>
    [Fact]
    public async Task PostgreSQL_dropping_every_packet_for_15_s_costs_only_prompt_503s_and_registrations_resume_within_5_s()
    {
        var unavailable = await PortBlackhole.UnavailableReasonAsync();
        Assert.SkipWhen(unavailable is not null, $"the hang needs nftables to drop packets on loopback: {unavailable}");
        await RunUnderLoadAsync("every packet dropped, 15 s", async () =>
        {
            await using var silence = await PortBlackhole.StartAsync(fixture.Postgres.Port);
            await Task.Delay(TimeSpan.FromSeconds(15));
        });
    }

    /// <summary>
    /// PostgreSQL dies at the worst moment for the notifier: the SMTP server has the mail and is about to
    /// answer 250, so recording the message id as sent fails. The message goes back to the queue and comes
    /// again once PostgreSQL is back; it must be recorded then, not mailed a second time.
    /// </summary>
    [Fact]
    public async Task A_mail_the_SMTP_server_accepted_as_PostgreSQL_died_is_recorded_afterwards_not_mailed_again()
    {
        await fixture.Cluster.ExplainFailuresAsync(async () =>
        {
            var smtp = fixture.Environment.Smtp;
            var client = new AuthClient(new HttpClient { BaseAddress = fixture.Gateway.Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(20) },
                new RequestLog());
            var account = new AccountBook().Create("smtp-then-crash");
            Assert.True((await client.RegisterAsync(account, CancellationToken.None)).Succeeded);

            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            smtp.BeforeAccepting = async mail =>
            {
                if (!mail.To.Mailboxes.Any(to => to.Address == account.Email) || stopped.Task.IsCompleted)
                    return;
                await fixture.Postgres.StopImmediatelyAsync();
                stopped.TrySetResult();
            };
            try
            {
                Assert.True((await client.GenerateOtpAsync(account, CancellationToken.None)).Succeeded);
                await stopped.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                smtp.BeforeAccepting = null;
            }
            // Down long enough for the failed record to stop the notifier's stream and the message to return.
            await Task.Delay(TimeSpan.FromSeconds(5));
            await fixture.Postgres.StartAsync();

            var (ids, _) = await IssuedMailAsync(UserActor.PersistenceIdFor(account.Email));
            var eventId = Assert.Single(ids);
            await Eventually.MatchesAsync(() => SentAtAsync(eventId), sentAt => sentAt is not null, TimeSpan.FromSeconds(60),
                "the mail recorded as sent once PostgreSQL was back");
            // Time for a copy mailed after the record (there must be none) to arrive.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var copies = smtp.Received.Count(mail => mail.MessageId == MailRenderer.MessageIdFor(eventId));
            output.WriteLine($"SMTP accepted, then PostgreSQL died before the record: 1 code issued, mailed {copies} time(s), " +
                             $"{Math.Max(0, copies - 1)} duplicated, {(copies == 0 ? 1 : 0)} lost");
            Assert.Equal(1, copies);
            await HistoryAudit.AssertCleanAsync(output, fixture.Environment, "SMTP accepted as PostgreSQL died", [client.Log],
                () => fixture.Cluster.Describe());
        });
    }

    /// <param name="fault">Returns when PostgreSQL accepts connections again.</param>
    private async Task RunUnderLoadAsync(string name, Func<Task> fault)
    {
        var cluster = fixture.Cluster;
        await cluster.ExplainFailuresAsync(async () =>
        {
            var gateway = fixture.Gateway.Spec.BaseAddress;
            var otp = new SmtpOtpSource(fixture.Environment.Smtp);
            // Three writers that only register keep writing through the fault; two sign-up flows add codes
            // (mail) and verifications, and wait for their mail as people do.
            await using var writers = LoadRun.Start(Load(gateway, 3, new RegistrationFlow(TimeSpan.FromMilliseconds(250))), otp);
            await using var signUps = LoadRun.Start(Load(gateway, 2, new SignUpFlow()), otp);
            await writers.WaitForRequestsAsync(20, TimeSpan.FromSeconds(60));
            await signUps.WaitForRequestsAsync(10, TimeSpan.FromSeconds(60));

            var faultStarted = DateTimeOffset.UtcNow;
            await fault();
            var back = Stopwatch.StartNew();
            var faultEnded = DateTimeOffset.UtcNow;
            var probes = new AuthClient(new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(20) }, new RequestLog());
            var recovery = await FirstNewRegistrationAsync(probes, back, TimeSpan.FromSeconds(60));

            await writers.WaitForRequestsAsync(writers.Log.Count + 20, TimeSpan.FromSeconds(60));
            await Task.WhenAll(writers.StopAsync(TimeSpan.FromSeconds(60)), signUps.StopAsync(TimeSpan.FromSeconds(120)));

            var audit = new AuthClient(new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(20) }, new RequestLog());
            // The writers' accounts must still be there; the accounts whose registration failed, and the
            // sign-ups, must be fully usable: verified with a mailed code, then signed in.
            var settling = writers.Accounts.All.Concat(signUps.Accounts.All).Where(account => !account.Registered).ToList();
            var unsettled = await AccountAudit.SettleUnacknowledgedAsync(audit, settling, CancellationToken.None);
            var lost = await AccountAudit.FindMissingAsync(audit, writers.Accounts.Registered.Except(settling), 4, CancellationToken.None);
            lost = [.. lost, .. await AccountAudit.FindLostAsync(audit, otp, signUps.Accounts.Registered.Union(settling), MailBound, 4,
                CancellationToken.None)];
            var mail = await WaitForEveryIssuedCodeAsync(MailBound);

            var records = writers.Log.Records.Concat(signUps.Log.Records).Concat(probes.Log.Records).ToList();
            var summary = $"writers:{Environment.NewLine}{writers.Log.Summary()}{Environment.NewLine}sign-ups:{Environment.NewLine}{signUps.Log.Summary()}";
            var duringFault = writers.Log.Records.Count(record => record.StartedAt >= faultStarted && record.StartedAt <= faultEnded);
            var acknowledged = records.Count(record => record.Succeeded && record.Operation is AuthClient.Register or AuthClient.VerifyOtp);
            output.WriteLine($"{name}: {records.Count} operations ({duringFault} registrations sent during the fault), {acknowledged} acknowledged writes (201 register, 200 verify), " +
                             $"{records.Count(record => !record.Succeeded)} failed, {lost.Count} lost; first new registration " +
                             $"{recovery.TotalSeconds:0.00} s after PostgreSQL accepted connections again; mail: {mail.Issued} codes issued, " +
                             $"{mail.Missing.Count} never mailed, {mail.Duplicates} mailed more than once");
            output.WriteLine(summary);
            var context = $"{Environment.NewLine}{summary}{Environment.NewLine}PostgreSQL:{Environment.NewLine}" +
                          $"{fixture.Postgres.LogTail()}{cluster.Describe()}";

            Assert.True(duringFault > 0, $"the writers sent nothing during the fault, so it tested nothing{context}");
            var notPrompt503 = records.Where(record => !record.Succeeded && record.Status != 503 || record.Latency > FailFastBound).ToList();
            Assert.True(notPrompt503.Count == 0,
                $"requests that failed otherwise than with a prompt 503, or hung:{Environment.NewLine}{string.Join(Environment.NewLine, notPrompt503)}{context}");
            Assert.True(recovery < RecoveryBound,
                $"the first new registration succeeded {recovery.TotalSeconds:0.00} s after PostgreSQL was back, not within {RecoveryBound.TotalSeconds:0} s{context}");
            Assert.True(unsettled.Count == 0,
                $"accounts whose failed registration could not be settled:{Environment.NewLine}{string.Join(Environment.NewLine, unsettled)}{context}");
            Assert.True(lost.Count == 0, $"acknowledged accounts lost or unusable:{Environment.NewLine}{string.Join(Environment.NewLine, lost)}{context}");
            Assert.True(mail.Missing.Count == 0,
                $"codes issued but never mailed:{Environment.NewLine}{string.Join(Environment.NewLine, mail.Missing)}{context}");
            Assert.True(mail.OffsetCaughtUp, $"the outbox's stored offset did not reach the newest mail event{context}");
            await HistoryAudit.AssertCleanAsync(output, fixture.Environment, name, [writers.Log, signUps.Log, probes.Log, audit.Log], () => context);
        });
    }

    private static LoadOptions Load(Uri gateway, int concurrency, ILoadFlow flow) => new()
    {
        Gateway = gateway,
        Concurrency = concurrency,
        Mix = [(flow, 1)],
        // Bounded by time only: the writers must still be writing when the fault comes.
        MaxFlows = 100_000,
        MaxRequests = 100_000,
        Duration = TimeSpan.FromMinutes(3),
        RequestTimeout = TimeSpan.FromSeconds(20),
        MailTimeout = MailBound,
    };

    /// <summary>Registers addresses never seen before, one after another, until one gets 201; returns the time since <paramref name="back"/> started.</summary>
    private static async Task<TimeSpan> FirstNewRegistrationAsync(AuthClient client, Stopwatch back, TimeSpan timeout)
    {
        var accounts = new AccountBook();
        while (back.Elapsed < timeout)
        {
            var registered = await client.RegisterAsync(accounts.Create("probe"), CancellationToken.None);
            if (registered.Succeeded)
                return back.Elapsed;
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        throw new TimeoutException($"no new registration succeeded within {timeout.TotalSeconds:0} s of PostgreSQL being back");
    }

    private async Task<DateTime?> SentAtAsync(string messageId)
    {
        await using var connection = new NpgsqlConnection(fixture.Environment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT sent_at FROM sent_mail WHERE message_id = $1", connection);
        select.Parameters.AddWithValue(messageId);
        return await select.ExecuteScalarAsync() as DateTime?;
    }

    private sealed record MailCheck(int Issued, IReadOnlyList<string> Missing, int Duplicates, bool OffsetCaughtUp);

    /// <summary>
    /// Every code issued (an <c>OtpIssued</c> event, tagged <c>mail</c>, in the journal) must reach the SMTP
    /// server at least once; a mail's Message-ID names its event, so copies are counted, not failed.
    /// </summary>
    private async Task<MailCheck> WaitForEveryIssuedCodeAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var (issued, newest) = await IssuedMailAsync();
            var offset = await new JournalRows(fixture.Environment.Database.ConnectionString).OutboxOffsetAsync();
            var received = fixture.Environment.Smtp.Received.Select(mail => mail.MessageId).ToList();
            var mailed = received.ToHashSet();
            var missing = issued.Where(id => !mailed.Contains(MailRenderer.MessageIdFor(id).Trim('<', '>'))).ToList();
            if ((missing.Count == 0 && offset >= newest) || watch.Elapsed > timeout)
                return new MailCheck(issued.Count, missing, received.Count - mailed.Count, offset >= newest);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>The ids of the events tagged mail (of one entity, if given) and the newest one's journal ordering.</summary>
    private async Task<(IReadOnlyList<string> EventIds, long NewestOrdering)> IssuedMailAsync(string? persistenceId = null)
    {
        await using var connection = new NpgsqlConnection(fixture.Environment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT persistence_id, sequence_nr, ordering_id FROM tags WHERE tag = $1 AND ($2::text IS NULL OR persistence_id = $2)", connection);
        select.Parameters.AddWithValue(UserActor.MailTag);
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)persistenceId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var ids = new List<string>();
        long newest = 0;
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(MailOutboxMessages.EventId(reader.GetString(0), reader.GetInt64(1)));
            newest = Math.Max(newest, reader.GetInt64(2));
        }
        return (ids, newest);
    }
}
