using System.Diagnostics;
using AkkaOcr.Gateway.Users;
using AkkaOcr.LoadDriver;
using AkkaOcr.Mail;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Users;
using Npgsql;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// PostgreSQL failing under sign-up load, on a durable server (fsync, synchronous commit, full page
/// writes): killed at once and started again, its sessions terminated, and a longer stop. Each time:
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

    /// <summary>Thirty seconds: past every backoff of the journal's circuit breakers and of the mail streams.</summary>
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
            await using var writers = LoadRun.Start(Load(gateway, 3, new RegistrationFlow()), otp);
            await using var signUps = LoadRun.Start(Load(gateway, 2, new SignUpFlow()), otp);
            await writers.WaitForRequestsAsync(20, TimeSpan.FromSeconds(60));
            await signUps.WaitForRequestsAsync(10, TimeSpan.FromSeconds(60));

            await fault();
            var back = Stopwatch.StartNew();
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
            var acknowledged = records.Count(record => record.Succeeded && record.Operation is AuthClient.Register or AuthClient.VerifyOtp);
            output.WriteLine($"{name}: {records.Count} operations, {acknowledged} acknowledged writes (201 register, 200 verify), " +
                             $"{records.Count(record => !record.Succeeded)} failed, {lost.Count} lost; first new registration " +
                             $"{recovery.TotalSeconds:0.00} s after PostgreSQL accepted connections again; mail: {mail.Issued} codes issued, " +
                             $"{mail.Missing.Count} never mailed, {mail.Duplicates} mailed more than once");
            output.WriteLine(summary);
            var context = $"{Environment.NewLine}{summary}{Environment.NewLine}PostgreSQL:{Environment.NewLine}" +
                          $"{fixture.Postgres.LogTail()}{cluster.Describe()}";

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
        });
    }

    private static LoadOptions Load(Uri gateway, int concurrency, ILoadFlow flow) => new()
    {
        Gateway = gateway,
        Concurrency = concurrency,
        Mix = [(flow, 1)],
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

    private async Task<(IReadOnlyList<string> EventIds, long NewestOrdering)> IssuedMailAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Environment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT persistence_id, sequence_nr, ordering_id FROM tags WHERE tag = $1", connection);
        select.Parameters.AddWithValue(UserActor.MailTag);
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
