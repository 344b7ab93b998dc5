using AkkaOcr.LoadDriver;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.MultiProcess.History;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// Crashes at the publish boundary, on a RabbitMQ of the test's own: the broker killed (SIGKILL, not a clean
/// stop) with confirmed mail waiting in its queue, and the node holding the mail outbox killed while the
/// broker could confirm nothing. Either way every code requested must be mailed once the broker is back;
/// the history checker counts the mails a second time.
/// </summary>
[Collection(nameof(MultiProcessCluster))]
public sealed class BrokerCrashTests(ITestOutputHelper output)
{
    /// <summary>Codes acknowledged during the fault before it goes on: enough to be sure some were caught in it.</summary>
    private const int CodesDuringFault = 8;

    [Fact]
    public async Task A_broker_killed_with_confirmed_codes_in_its_queue_and_restarted_mails_every_code()
    {
        await using var broker = await PrivateRabbitMqServer.StartNewAsync();
        await using var environment = await ClusterEnvironment.CreateAsync(rabbitMq: broker);
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await cluster.StartAllReadyAsync(
                ClusterHarness.Node("users-1", ClusterRoles.Users),
                ClusterHarness.Node("notifier-1", ClusterRoles.Notifier),
                ClusterHarness.Gateway("gateway"));
            var (notifier, gateway) = (nodes[1], nodes[2]);
            await WarmUp.UntilWritesAnswerAsync(gateway.Spec.BaseAddress, TimeSpan.FromSeconds(90));
            var otp = new SmtpOtpSource(environment.Smtp);
            await using var load = UsersNodeFaultLoad.Start(gateway.Spec.BaseAddress, otp);
            await load.WaitForRequestsAsync(30, TimeSpan.FromSeconds(90));

            // The notifier frozen, the codes requested now are published, confirmed and left in the queue:
            // the broker holds them alone when it is killed.
            PosixSignals.Send(notifier.Pid, PosixSignals.Stop);
            var faultLog = new RequestLog();
            int codesQueuedAtKill;
            try
            {
                codesQueuedAtKill = await RequestCodesAsync(gateway, faultLog);
                // The outbox publishes within a moment of the journal write; the last codes' confirms come after.
                await Task.Delay(TimeSpan.FromSeconds(2));
                await broker.KillAsync();
            }
            finally
            {
                PosixSignals.Send(notifier.Pid, PosixSignals.Continue);
            }
            await Task.Delay(TimeSpan.FromSeconds(5));
            await broker.StartAsync();
            var restartedAt = DateTimeOffset.UtcNow;
            output.WriteLine($"broker killed with the notifier frozen, after {codesQueuedAtKill} codes were requested; restarted 5 s later");

            await UsersNodeFaultLoad.WaitForVerificationSinceAsync(load, restartedAt, TimeSpan.FromSeconds(90));
            await load.WaitForRequestsAsync(load.Log.Count + 30, TimeSpan.FromSeconds(60));
            await load.StopAsync(TimeSpan.FromSeconds(120));
            output.WriteLine(load.Log.Summary());

            var report = await HistoryAudit.AssertCleanAsync(output, environment, "broker killed with mail queued", [load.Log, faultLog],
                () => $"{Environment.NewLine}{broker.LogTail()}{cluster.Describe()}");
            Assert.True(report.MailEvents >= codesQueuedAtKill, $"{report.MailEvents} mail events, fewer than the {codesQueuedAtKill} codes requested");
        });
    }

    [Fact]
    public async Task The_mail_outbox_holder_killed_while_the_broker_confirms_nothing_leaves_every_code_to_its_successor()
    {
        await using var broker = await PrivateRabbitMqServer.StartNewAsync();
        await using var environment = await ClusterEnvironment.CreateAsync(rabbitMq: broker);
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            // users-1 is the oldest: it runs the mail outbox singleton.
            var (holder, _, gateway) = await cluster.StartTwoUsersNodesAsync();
            var otp = new SmtpOtpSource(environment.Smtp);
            await using var load = UsersNodeFaultLoad.Start(gateway.Spec.BaseAddress, otp);
            await load.WaitForRequestsAsync(30, TimeSpan.FromSeconds(90));

            // A frozen broker reads nothing and confirms nothing: every code requested now is published by
            // the outbox, or waiting to be, and unconfirmed when its node dies.
            broker.Freeze();
            var faultLog = new RequestLog();
            int unconfirmed;
            try
            {
                unconfirmed = await RequestCodesAsync(gateway, faultLog);
                // The outbox reads the journal within a moment of the write.
                await Task.Delay(TimeSpan.FromSeconds(2));
                await holder.KillAsync();
            }
            finally
            {
                broker.Thaw();
            }
            var killedAt = DateTimeOffset.UtcNow;
            output.WriteLine($"users-1 killed with {unconfirmed} codes requested since the broker froze, none of them confirmed");

            var recovery = await EveryShard.WaitUntilAnswersAsync(gateway.Spec.BaseAddress, TimeSpan.FromSeconds(60));
            await UsersNodeFaultLoad.WaitForVerificationSinceAsync(load, killedAt, TimeSpan.FromSeconds(90));
            await load.WaitForRequestsAsync(load.Log.Count + 30, TimeSpan.FromSeconds(60));
            await load.StopAsync(TimeSpan.FromSeconds(120));
            output.WriteLine($"every shard answered {recovery.TotalSeconds:0.0} s after the kill{Environment.NewLine}{load.Log.Summary()}");

            var audit = new AuthClient(new HttpClient { BaseAddress = gateway.Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(20) }, new RequestLog());
            var lost = await AccountAudit.FindLostAsync(audit, otp, load.Accounts.Registered, UsersNodeFaultLoad.MailTimeout, 4, CancellationToken.None);
            Assert.True(lost.Count == 0, $"acknowledged accounts lost or unusable:{Environment.NewLine}{string.Join(Environment.NewLine, lost)}{cluster.Describe()}");
            await HistoryAudit.AssertCleanAsync(output, environment, "mail outbox holder killed, broker frozen", [load.Log, faultLog, audit.Log],
                () => $"{Environment.NewLine}{broker.LogTail()}{cluster.Describe()}");
        });
    }

    /// <summary>
    /// Registers <see cref="CodesDuringFault"/> new people and asks a code for each, without waiting for the
    /// mail (the fault holds it back); returns how many codes were acknowledged. Each is checked by the history.
    /// </summary>
    private static async Task<int> RequestCodesAsync(NodeProcess gateway, RequestLog log)
    {
        using var http = new HttpClient { BaseAddress = gateway.Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var client = new AuthClient(http, log);
        var accounts = new AccountBook();
        var acknowledged = 0;
        for (var i = 0; i < CodesDuringFault; i++)
        {
            var account = accounts.Create("fault");
            if ((await client.RegisterAsync(account, CancellationToken.None)).Succeeded
                && (await client.GenerateOtpAsync(account, CancellationToken.None)).Succeeded)
                acknowledged++;
        }
        Assert.True(acknowledged == CodesDuringFault, $"only {acknowledged} of {CodesDuringFault} codes were acknowledged during the fault:{Environment.NewLine}{log.Summary()}");
        return acknowledged;
    }
}
