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
public sealed partial class MailPipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(60);
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
        var emails = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var email = await RegisterAsync();
            await _client.PostAsJsonAsync("/auth/generate_otp", new { email });
            emails.Add(email);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(_smtp.Received);

        _smtp.Resume();
        await Eventually.MatchesAsync(() => Task.FromResult(_smtp.Received.Count), count => count >= 20, MailTimeout, "20 mails after the outage");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(emails.Order(), _smtp.Received.Select(m => m.To.Mailboxes.Single().Address).Order());
    }

    private async Task<string> RegisterAsync(string prefix = "user")
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.org";
        var response = await _client.PostAsJsonAsync("/auth/register", new { name = "Mail Test", email, password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return email;
    }

    private async Task<IReadOnlyList<MimeMessage>> MailsToAsync(string email, int count) =>
        await Eventually.MatchesAsync(
            () => Task.FromResult<IReadOnlyList<MimeMessage>>(_smtp.Received.Where(m => m.To.Mailboxes.Single().Address == email).ToList()),
            mails => mails.Count >= count, MailTimeout, $"{count} mail(s) to {email}");

    private async Task<IReadOnlyList<string>> DeadLettersAsync(int count) =>
        (await DeadLetter.TakeAsync(_broker, count, MailTimeout)).Select(letter => letter.Reason).ToList();

    private static string CodeIn(MimeMessage mail) => CodePattern().Match(mail.Subject ?? "").Value;

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex CodePattern();
}
