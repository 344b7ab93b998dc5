using AkkaOcr.LoadDriver;
using AkkaOcr.Mail;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.MultiProcess;

[Collection(nameof(MultiProcessCluster))]
public sealed class NotifierCrashTests(ITestOutputHelper output)
{
    private const int Mails = 40;

    /// <summary>Slow enough that a crash lands in the middle of the deliveries: 40 mails over 4 SMTP connections take about 2 s.</summary>
    private static readonly TimeSpan SmtpDelay = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task After_the_notifier_is_killed_mid_delivery_and_restarted_every_mail_arrives_once()
    {
        await using var environment = await ClusterEnvironment.CreateAsync(SmtpDelay);
        await using var cluster = environment.CreateCluster();
        await cluster.ExplainFailuresAsync(async () =>
        {
            var nodes = await cluster.StartAllReadyAsync(
                ClusterHarness.Node("users-1", ClusterRoles.Users),
                ClusterHarness.Gateway("gateway"));
            var gateway = nodes[1];
            await WarmUp.UntilWritesAnswerAsync(gateway.Spec.BaseAddress, TimeSpan.FromSeconds(90));

            // The codes are asked for while no notifier runs, so all of them wait in the queue when it starts.
            using var http = new HttpClient { BaseAddress = gateway.Spec.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
            var client = new AuthClient(http, new RequestLog());
            var accounts = new AccountBook();
            await Parallel.ForEachAsync(Enumerable.Range(0, Mails), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, token) =>
            {
                var account = accounts.Create("mail");
                await client.RegisterAsync(account, token);
                await client.GenerateOtpAsync(account, token);
            });
            Assert.True(client.Log.Failures.Count == 0, string.Join(Environment.NewLine, client.Log.Failures));

            var notifierSpec = ClusterHarness.Node("notifier-1", ClusterRoles.Notifier);
            var notifier = cluster.Start(notifierSpec);
            await Eventually.MatchesAsync(() => Task.FromResult(environment.Smtp.Received.Count), count => count >= 8,
                TimeSpan.FromSeconds(90), "the first mails");
            await notifier.KillAsync();
            var receivedAtCrash = environment.Smtp.Received.Count;

            await cluster.StartReadyAsync(notifierSpec);
            await Eventually.MatchesAsync(() => Task.FromResult(DistinctMails(environment.Smtp)), count => count >= Mails,
                TimeSpan.FromSeconds(90), $"all {Mails} mails after the restart");
            // Room for a late second copy to show up before counting.
            await Task.Delay(TimeSpan.FromSeconds(3));

            var received = environment.Smtp.Received.ToList();
            output.WriteLine($"{receivedAtCrash} of {Mails} mails had arrived at the crash; {received.Count} copies arrived in all");
            Assert.True(receivedAtCrash < Mails, $"all {Mails} mails had arrived before the crash, so it was not mid-delivery");
            var perAddress = received.GroupBy(mail => mail.To.Mailboxes.Single().Address).ToList();
            Assert.Equal(accounts.All.Select(account => account.Email).Order(), perAddress.Select(group => group.Key).Order());
            // One mail per code. A copy repeated by the crash is the same message, with the same Message-Id,
            // which receiving servers and mail clients collapse; only a mail the notifier had in hand at the
            // crash (in SMTP flight, or accepted and its record not yet committed with its batch) can be repeated.
            Assert.All(perAddress, group => Assert.Single(group.Select(mail => mail.MessageId).Distinct()));
            Assert.InRange(received.Count - Mails, 0, MailDeliverySession.MailsInFlight);
        });
    }

    private static int DistinctMails(TestSmtpServer smtp) => smtp.Received.Select(mail => mail.MessageId).Distinct().Count();
}
