using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using AkkaOcr.Mail;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using AkkaOcr.Users;
using MimeKit;
using RabbitMQ.Client;

namespace AkkaOcr.Tests.Mail;

/// <summary>
/// The mail pipeline end to end: user events, outbox, RabbitMQ, notifier, a real SMTP server. Each
/// test has its own database, virtual host and SMTP server.
/// </summary>
public sealed partial class MailPipelineTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(60);
    private const string MarkerPrefix = "marker";
    private TestDatabase _database = null!;
    private string _virtualHost = null!;
    private TestSmtpServer _smtp = null!;
    private GatewayFactory _gateway = null!;
    private HttpClient _client = null!;
    private IConnection _broker = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        _virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        _smtp = TestSmtpServer.Start();
        var settings = TestNode.SingleProcessSettings(_database.ConnectionString, _virtualHost, _smtp.Port);
        settings["RateLimits:PerClientPerMinute"] = "10000";
        _gateway = new GatewayFactory(settings);
        _client = await _gateway.CreateReadyClientAsync();
        _broker = await new ConnectionFactory { Uri = new Uri(TestServices.RabbitMqUri + _virtualHost) }.CreateConnectionAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.CloseAsync();
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _smtp.DisposeAsync();
        await RabbitMqAdmin.CtlAsync("delete_vhost", _virtualHost);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_requested_code_arrives_by_smtp_and_verifies_the_address()
    {
        var email = await RegisterAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsJsonAsync("/auth/generate_otp", new { email })).StatusCode);

        var mail = Assert.Single(await MailsToAsync(email, 1));
        var code = CodeIn(mail);
        Assert.Contains(code, mail.HtmlBody);
        Assert.Contains("expires in 10 minutes", mail.TextBody);
        Assert.Equal("no-reply@akkaocr.local", mail.From.Mailboxes.Single().Address);

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync("/auth/verify_otp", new { email, otp = code })).StatusCode);
    }

    [Fact]
    public async Task A_duplicate_delivery_of_a_mailed_message_is_not_mailed_again()
    {
        var email = await RegisterAsync();
        await _client.PostAsJsonAsync("/auth/generate_otp", new { email });
        var mail = Assert.Single(await MailsToAsync(email, 1));

        // Publish the very same message again, as a crash between mailing and acknowledging would.
        await using var channel = await _broker.CreateChannelAsync();
        var messageId = $"user-{email}:2";
        var body = new MailNotification(email, mail.Subject!, mail.TextBody!, new Dictionary<string, string> { ["kind"] = "otp" }).ToJson();
        await channel.BasicPublishAsync("", MailQueues.Notifications, false,
            new BasicProperties { MessageId = messageId, ContentType = "application/json", Persistent = true }, body);
        var marker = await RegisterAsync();
        await _client.PostAsJsonAsync("/auth/generate_otp", new { email = marker });
        await MailsToAsync(marker, 1);

        Assert.Single(_smtp.Received, m => m.To.Mailboxes.Single().Address == email);
    }

    [Fact]
    public async Task Malformed_messages_are_dead_lettered_with_a_reason_and_the_consumer_goes_on()
    {
        await using var channel = await _broker.CreateChannelAsync();
        foreach (var bad in new[] { "not json at all", "{\"email\": \"someone@example.org\"}", "{\"email\": \"no address\", \"subject\": \"s\", \"body\": \"b\", \"other\": {}}" })
            await channel.BasicPublishAsync("", MailQueues.Notifications, false, new BasicProperties { Persistent = true }, Encoding.UTF8.GetBytes(bad));

        var email = await RegisterAsync();
        await _client.PostAsJsonAsync("/auth/generate_otp", new { email });
        Assert.Single(await MailsToAsync(email, 1));

        var dead = await DeadLettersAsync(3);
        Assert.All(dead, reason => Assert.StartsWith("malformed", reason));
    }

    [Fact]
    public async Task A_permanently_rejected_address_ends_in_the_dead_letter_queue_without_its_code_and_the_next_address_is_mailed()
    {
        var email = await RegisterAsync("reject");
        await _client.PostAsJsonAsync("/auth/generate_otp", new { email });
        var next = await RegisterAsync();
        await _client.PostAsJsonAsync("/auth/generate_otp", new { email = next });

        var letter = Assert.Single(await DeadLetter.TakeAsync(_broker, 1, MailTimeout));
        Assert.StartsWith("rejected: 550", letter.Reason);
        var code = await MailEventReader.LatestCodeAsync(_gateway.Backend.System, _gateway.Backend.Services.GetRequiredService<OtpCodes>(), email);
        Assert.DoesNotContain(code, letter.Body);
        Assert.Equal(email, MailNotification.TryParse(Encoding.UTF8.GetBytes(letter.Body))!.Email);
        Assert.Equal(MailQueues.DeadLetterRetentionMilliseconds, letter.Expiration);
        Assert.DoesNotContain(_smtp.Received, m => m.To.Mailboxes.Single().Address == email);
        Assert.Single(await MailsToAsync(next, 1));
    }

    [Fact]
    public async Task Mails_queued_while_smtp_is_down_all_arrive_once_it_is_back_none_twice()
    {
        await _smtp.PauseAsync();
        var emails = await RequestCodesAsync(20);
        // All 20 wait in the queue, none taken off it for good, while no server answers.
        await using (var channel = await _broker.CreateChannelAsync())
            await Eventually.MatchesAsync(() => channel.MessageCountAsync(MailQueues.Notifications), count => count == 20,
                MailTimeout, "20 mails waiting in the queue");
        Assert.Empty(_smtp.Received);

        _smtp.Resume();
        await Eventually.MatchesAsync(() => Task.FromResult(_smtp.Received.Count), count => count >= 20, MailTimeout, "20 mails after the outage");
        await MarkerArrivesAsync();
        Assert.Equal(emails.Order(), MailsExceptMarkers().Select(m => m.To.Mailboxes.Single().Address).Order());
    }

    /// <summary>
    /// A server answering 451 to the notifier's first five tries (greylisting, a full spool) delays a code;
    /// it must not lose it. A code is good for 10 minutes, so the notifier gives it back to the queue when
    /// its quick retries are spent rather than dead-letter it.
    /// </summary>
    [Fact]
    public async Task A_code_answered_451_five_times_arrives_once_the_server_accepts_and_only_once()
    {
        _smtp.AnswerTransientFailures(MailDeliverySession.MaxAttempts);
        var email = Assert.Single(await RequestCodesAsync(1));

        Assert.Single(await MailsToAsync(email, 1, TimeSpan.FromSeconds(120)));
        await MarkerArrivesAsync();
        var copies = MailsExceptMarkers().Count(m => m.To.Mailboxes.Single().Address == email);
        output.WriteLine($"451 answered {_smtp.TransientFailuresAnswered} times; codes sent 1, arrived 1, duplicates {copies - 1}");
        Assert.Equal(MailDeliverySession.MaxAttempts, _smtp.TransientFailuresAnswered);
        Assert.Equal(1, copies);
        Assert.Equal(0u, await DeadLetter.CountAsync(_broker));
    }

    /// <summary>
    /// The server keeps a mail and the connection breaks before its 250: to the notifier the mail was not
    /// accepted, and SMTP gives it no way to ask, so it mails it again. That copy, with the same Message-Id,
    /// is the one duplicate SMTP forces per broken transaction; the other mails in flight on the notifier's
    /// connections when its stream restarts may repeat the same way, and nothing else may.
    /// </summary>
    [Fact]
    public async Task Connections_dropped_after_data_repeat_only_the_mails_in_flight_and_every_code_arrives()
    {
        const int codes = 12, drops = 3;
        _smtp.DropConnectionsAfterData(drops);
        var emails = await RequestCodesAsync(codes);

        await Eventually.MatchesAsync(() => Task.FromResult(MailsExceptMarkers().Select(m => m.To.Mailboxes.Single().Address).Distinct().Count()),
            count => count == codes, MailTimeout, $"all {codes} codes after {drops} dropped connections");
        await MarkerArrivesAsync();

        var mails = MailsExceptMarkers();
        var duplicates = mails.Count - codes;
        output.WriteLine($"connections dropped after DATA {_smtp.ConnectionsDropped}; codes sent {codes}, arrived {mails.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count()}, duplicates {duplicates}");
        Assert.Equal(emails.Order(), mails.Select(m => m.To.Mailboxes.Single().Address).Distinct().Order());
        Assert.Equal(drops, _smtp.ConnectionsDropped);
        // Each dropped mail was kept by the server and must go again; at most one more copy per mail on a connection at the fault.
        Assert.InRange(duplicates, drops, drops * MailDeliverySession.Workers);
        Assert.All(mails.GroupBy(m => m.To.Mailboxes.Single().Address), group => Assert.Single(group.Select(m => m.MessageId).Distinct()));
    }

    private async Task<List<string>> RequestCodesAsync(int count)
    {
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = await RegisterAsync();
            Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsJsonAsync("/auth/generate_otp", new { email })).StatusCode);
            emails.Add(email);
        }
        return emails;
    }

    /// <summary>
    /// A code asked for after everything else arrived: once it is mailed, the notifier has moved past the
    /// earlier messages, so a second copy of any of them would have been mailed before it.
    /// </summary>
    private async Task MarkerArrivesAsync()
    {
        var marker = await RegisterAsync(MarkerPrefix);
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsJsonAsync("/auth/generate_otp", new { email = marker })).StatusCode);
        await MailsToAsync(marker, 1);
    }

    private List<MimeMessage> MailsExceptMarkers() =>
        _smtp.Received.Where(m => !m.To.Mailboxes.Single().Address.StartsWith(MarkerPrefix, StringComparison.Ordinal)).ToList();

    private async Task<string> RegisterAsync(string prefix = "user")
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.org";
        var response = await _client.PostAsJsonAsync("/auth/register", new { name = "Mail Test", email, password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return email;
    }

    private async Task<IReadOnlyList<MimeMessage>> MailsToAsync(string email, int count, TimeSpan? timeout = null) =>
        await Eventually.MatchesAsync(
            () => Task.FromResult<IReadOnlyList<MimeMessage>>(_smtp.Received.Where(m => m.To.Mailboxes.Single().Address == email).ToList()),
            mails => mails.Count >= count, timeout ?? MailTimeout, $"{count} mail(s) to {email}");

    private async Task<IReadOnlyList<string>> DeadLettersAsync(int count) =>
        (await DeadLetter.TakeAsync(_broker, count, MailTimeout)).Select(letter => letter.Reason).ToList();

    private static string CodeIn(MimeMessage mail) => CodePattern().Match(mail.Subject ?? "").Value;

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex CodePattern();
}
