using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaOcr.Mail;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;
using AkkaOcr.ServiceDefaults.Observability;
using AkkaOcr.Tests.Infrastructure;
using AkkaOcr.Tests.Ocr;
using AkkaOcr.Users;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RabbitMQ.Client;

namespace AkkaOcr.Tests.Mail;

/// <summary>
/// The mail outbox against events it cannot mail: one such event must never hold up the mail behind it.
/// Real journal, broker, notifier and SMTP server; the bad events are written into the journal's tables
/// as another version or a damaged disk would have left them.
/// </summary>
public sealed class MailOutboxPoisonTests : IAsyncLifetime
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(60);
    private TestDatabase _database = null!;
    private string _virtualHost = null!;
    private TestSmtpServer _smtp = null!;
    private IConnection _broker = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        _virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        _smtp = TestSmtpServer.Start();
        _broker = await new ConnectionFactory { Uri = new Uri(TestServices.RabbitMqUri + _virtualHost) }.CreateConnectionAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.CloseAsync();
        await _smtp.DisposeAsync();
        await RabbitMqAdmin.CtlAsync("delete_vhost", _virtualHost);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task After_a_blank_page_another_users_code_still_arrives_and_the_uploader_is_told_no_text_was_found()
    {
        var settings = Settings();
        settings["Akka:Roles:2"] = ClusterRoles.Ocr;
        settings["Ocr:Workers"] = "1";
        await using var gateway = new GatewayFactory(settings);
        using var client = await gateway.CreateReadyClientAsync();
        var (uploader, token) = await AccountFlow.SignUpAsync(gateway, client);
        using var signedIn = gateway.CreateClient();
        signedIn.UseToken(token);

        var blank = await Eventually.MatchesAsync(() => signedIn.PostAsync(TestImages.Blank()),
            response => response.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the blank page read");
        Assert.Equal("", (await blank.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ocr_text").GetString()!.Trim());
        var other = await RegisterAndRequestCodeAsync(client);

        Assert.Matches(@"code: \d{6}$", Assert.Single(await MailsToAsync(other, 1)).Subject);
        var blankMail = Assert.Single(await MailsToAsync(uploader, 1, mail => mail.Subject == "Your AkkaOcr text is ready"));
        Assert.Contains("No text was found in the image.", blankMail.TextBody);
        Assert.Equal(0u, await DeadLetter.CountAsync(_broker));
    }

    [Fact]
    public async Task Events_that_cannot_become_mails_are_set_aside_with_their_reasons_and_every_mail_around_them_is_delivered()
    {
        using var setAside = new SetAsideCounter();
        await using var gateway = new GatewayFactory(Settings());
        using var client = await gateway.CreateReadyClientAsync();
        var system = gateway.Backend.System;
        var journal = new JournalRows(_database.ConnectionString);
        var before = await RegisterAndRequestCodeAsync(client);
        await MailsToAsync(before, 1);

        var anotherKey = new OtpCodes("another-data-key-0123456789abcdefghijklm"u8.ToArray());
        var at = DateTimeOffset.UtcNow;
        var poison = new Dictionary<string, (long Ordering, string Kind)>();
        async Task AppendAsync(string kind, Func<string, Task<long>> append)
        {
            var persistenceId = UserActor.PersistenceIdFor($"poison-{poison.Count}-{Guid.NewGuid():N}@example.org");
            poison[persistenceId] = (await append(persistenceId), kind);
        }
        await AppendAsync(UnmailableEvent.Unsealable, id => journal.AppendMailEventAsync(system, id, 1,
            new UserEvents.OtpIssued([1], anotherKey.Seal(UserActor.EmailOf(id), "042917"), at, at.AddMinutes(10))));
        await AppendAsync(UnmailableEvent.Unsealable, id => journal.AppendMailEventAsync(system, id, 1,
            new UserEvents.OtpIssued([1], new byte[10], at, at.AddMinutes(10))));
        await AppendAsync(UnmailableEvent.Uncomposable, id => journal.AppendMailEventAsync(system, id, 1, new UserEvents.EmailVerified(at)));
        await AppendAsync(UnmailableEvent.Unreadable, id => journal.AppendMailEventAsync(id, 1, "user.evt.otp-issued.v9",
            AkkaOcrSerializer.SerializerId, [0x80]));
        await AppendAsync(UnmailableEvent.Unreadable, id => journal.AppendMailEventAsync(id, 1, "user.evt.otp-issued.v1",
            AkkaOcrSerializer.SerializerId, [0xC1, 0x00, 0x07]));
        var after = await RegisterAndRequestCodeAsync(client);

        Assert.Single(await MailsToAsync(after, 1));
        Assert.Single(await MailsToAsync(before, 1));
        var letters = await DeadLetter.TakeAsync(_broker, poison.Count, MailTimeout);
        foreach (var letter in letters)
        {
            Assert.Equal(MailOutboxMessages.SetAsideType, letter.Type);
            Assert.Equal(MailQueues.DeadLetterRetentionMilliseconds, letter.Expiration);
            var persistenceId = PersistenceIdOf(letter);
            var (ordering, kind) = poison[persistenceId];
            Assert.StartsWith(kind + ": ", letter.Reason);
            var body = JsonDocument.Parse(letter.Body).RootElement;
            Assert.Equal(ordering.ToString(), body.GetProperty("journal_ordering").GetString());
            Assert.DoesNotContain("042917", letter.Body);
        }
        Assert.Equal(poison.Keys.Order(), letters.Select(PersistenceIdOf).Order());
        await Eventually.MatchesAsync(journal.OutboxOffsetAsync, offset => offset > poison.Values.Max(p => p.Ordering),
            TimeSpan.FromSeconds(10), "the stored offset past every bad event");
        Assert.Equal(
            [(UnmailableEvent.Uncomposable, 1), (UnmailableEvent.Unreadable, 2), (UnmailableEvent.Unsealable, 2)],
            setAside.ByKind.OrderBy(pair => pair.Key).Select(pair => (pair.Key, pair.Value)));
    }

    [Fact]
    public async Task An_outbox_whose_next_event_is_a_blank_page_from_the_previous_version_recovers_by_itself()
    {
        var journal = new JournalRows(_database.ConnectionString);
        var previous = new GatewayFactory(Settings());
        using var previousClient = await previous.CreateReadyClientAsync();
        var uploader = await RegisterAndRequestCodeAsync(previousClient);
        await MailsToAsync(uploader, 1);
        var storedBefore = await Eventually.MatchesAsync(journal.OutboxOffsetAsync, offset => offset > 0,
            TimeSpan.FromSeconds(10), "a stored offset");
        // What the previous version persisted for a blank page: the empty text sealed to nonce and tag alone,
        // which it then failed to open, forever. Behind it, an event of a version this one does not know.
        var blankPage = new UserEvents.OcrCompleted(
            previous.Backend.Services.GetRequiredService<OtpCodes>().Seal(uploader, ""), 0, 0, DateTimeOffset.UtcNow, Guid.NewGuid());
        Assert.Equal(28, blankPage.EncryptedText.Length);
        var serializer = previous.Backend.System.Serialization.FindSerializerFor(blankPage);
        var (manifest, bytes) = (Akka.Serialization.Serialization.ManifestFor(serializer, blankPage), serializer.ToBinary(blankPage));
        await previous.DisposeAsync();
        await journal.AppendMailEventAsync(UserActor.PersistenceIdFor(uploader), 3, manifest, serializer.Identifier, bytes);
        var newer = UserActor.PersistenceIdFor($"newer-{Guid.NewGuid():N}@example.org");
        await journal.AppendMailEventAsync(newer, 1, "user.evt.otp-issued.v9", AkkaOcrSerializer.SerializerId, [0x80]);
        Assert.Equal(storedBefore, await journal.OutboxOffsetAsync());

        await using var upgraded = new GatewayFactory(Settings());
        using var upgradedClient = await upgraded.CreateReadyClientAsync();
        var next = await RegisterAndRequestCodeAsync(upgradedClient);

        Assert.Single(await MailsToAsync(next, 1));
        var blankMail = Assert.Single(await MailsToAsync(uploader, 1, mail => mail.Subject == "Your AkkaOcr text is ready"));
        Assert.Contains("No text was found in the image.", blankMail.TextBody);
        var letter = Assert.Single(await DeadLetter.TakeAsync(_broker, 1, MailTimeout));
        Assert.Equal($"{newer}:1", letter.MessageId);
        Assert.StartsWith(UnmailableEvent.Unreadable, letter.Reason);
    }

    /// <summary>The journal a set-aside notice names: its message id is the event's, persistence id and sequence number.</summary>
    private static string PersistenceIdOf(DeadLetter letter)
    {
        Assert.NotNull(letter.MessageId);
        return letter.MessageId[..letter.MessageId.LastIndexOf(':')];
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = TestNode.SingleProcessSettings(_database.ConnectionString, _virtualHost, _smtp.Port);
        settings["RateLimits:PerClientPerMinute"] = "10000";
        return settings;
    }

    private static async Task<string> RegisterAndRequestCodeAsync(HttpClient client)
    {
        var email = $"user-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Created,
            (await client.PostAsJsonAsync("/auth/register", new { name = "Mail Test", email, password = AccountFlow.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/auth/generate_otp", new { email })).StatusCode);
        return email;
    }

    private async Task<IReadOnlyList<MimeMessage>> MailsToAsync(string email, int count, Func<MimeMessage, bool>? which = null) =>
        await Eventually.MatchesAsync(
            () => Task.FromResult<IReadOnlyList<MimeMessage>>(_smtp.Received
                .Where(m => m.To.Mailboxes.Single().Address == email && (which?.Invoke(m) ?? true)).ToList()),
            mails => mails.Count >= count, MailTimeout, $"{count} mail(s) to {email}");

    /// <summary>Counts what the outbox reports set aside in this process, by kind.</summary>
    private sealed class SetAsideCounter : IDisposable
    {
        private readonly MeterListener _listener = new();

        public SetAsideCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AkkaOcrMeter.Name && instrument.Name == "akkaocr.mail.outbox.set_aside")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "kind")
                        ByKind.AddOrUpdate((string)tag.Value!, value, (_, total) => total + value);
            });
            _listener.Start();
        }

        public ConcurrentDictionary<string, long> ByKind { get; } = new();

        public void Dispose() => _listener.Dispose();
    }
}
