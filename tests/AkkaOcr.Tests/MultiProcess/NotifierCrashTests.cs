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
    public async Task After_the_notifier_is_killed_mid_delivery_and_restarted_every_mail_arrives_and_only_mails_on_its_smtp_connections_repeat()
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
            // A code asked for after all of them: once it is mailed, the restarted notifier has moved past the
            // redelivered messages, so any second copy has been mailed already.
            var marker = accounts.Create("marker");
            await client.RegisterAsync(marker, default);
            await client.GenerateOtpAsync(marker, default);
            await Eventually.MatchesAsync(() => Task.FromResult(environment.Smtp.Received.Count(mail => IsTo(mail, marker.Email))),
                count => count >= 1, TimeSpan.FromSeconds(90), "the marker mail");

            var received = environment.Smtp.Received.Where(mail => !IsTo(mail, marker.Email)).ToList();
            output.WriteLine($"codes sent {Mails}; {receivedAtCrash} had arrived at the crash; arrived {received.Select(mail => mail.MessageId).Distinct().Count()}, " +
                $"duplicates {received.Count - Mails} (bound {MailDeliverySession.Workers}, one per SMTP connection at the crash)");
            Assert.True(receivedAtCrash < Mails, $"all {Mails} mails had arrived before the crash, so it was not mid-delivery");
            var perAddress = received.GroupBy(mail => mail.To.Mailboxes.Single().Address).ToList();
            Assert.Equal(accounts.All.Where(account => account.Email != marker.Email).Select(account => account.Email).Order(), perAddress.Select(group => group.Key).Order());
            // One mail per code. A copy repeated by the crash is the same message, with the same Message-Id,
            // which receiving servers and mail clients collapse; only a mail in SMTP flight at the crash can
            // be repeated, since the notifier records a sent message id right after the server accepted it.
            Assert.All(perAddress, group => Assert.Single(group.Select(mail => mail.MessageId).Distinct()));
            Assert.InRange(received.Count - Mails, 0, MailDeliverySession.Workers);
        });
    }

    private static bool IsTo(MimeKit.MimeMessage mail, string email) => mail.To.Mailboxes.Single().Address == email;

    private static int DistinctMails(TestSmtpServer smtp) => smtp.Received.Select(mail => mail.MessageId).Distinct().Count();
}
