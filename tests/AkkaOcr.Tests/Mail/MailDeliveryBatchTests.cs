using System.Collections.Concurrent;
using AkkaOcr.Mail;
using AkkaOcr.Mail.Messaging.Amqp;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RabbitMQ.Client;

namespace AkkaOcr.Tests.Mail;

/// <summary>
/// The notifier's batch path against a real PostgreSQL, RabbitMQ and SMTP server: what is mailed, what is
/// recorded in <c>sent_mail</c> and what is acknowledged when a batch mixes duplicates in, when the database
/// fails between mailing and recording, and when the SMTP server asks to try one mail again.
/// </summary>
public sealed class MailDeliveryBatchTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _db = null!;
    private string _virtualHost = null!;
    private IConnection _broker = null!;
    private TestSmtpServer _smtp = null!;
    private SentMailLog _sent = null!;
    private MailDeliverySession _session = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateNewAsync();
        _db = NpgsqlDataSource.Create(_database.ConnectionString);
        _virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        _broker = await new ConnectionFactory { Uri = new Uri(TestServices.RabbitMqUri + _virtualHost) }.CreateConnectionAsync();
        _smtp = TestSmtpServer.Start();
        _sent = new SentMailLog(_db);
        _session = await MailDeliverySession.OpenAsync(_broker, _sent, new SmtpSettings { Port = _smtp.Port }, NullLogger.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        await _smtp.DisposeAsync();
        await _broker.CloseAsync();
        await RabbitMqAdmin.CtlAsync("delete_vhost", _virtualHost);
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_with_already_sent_ids_mails_only_the_new_ones_records_all_and_acknowledges_all()
    {
        var mails = await PublishAsync(6);
        await _sent.ClaimAllAsync([mails[1].Id, mails[4].Id]);
        await _sent.MarkAllSentAsync([mails[1].Id, mails[4].Id]);

        await using (var channel = await _broker.CreateChannelAsync())
        {
            var outcomes = await _session.HandleBatchAsync(await TakeAsync(channel, mails.Count));
            Assert.Equal(4, outcomes.Count(outcome => outcome == MailDeliveryOutcome.Sent));
            Assert.Equal(2, outcomes.Count(outcome => outcome == MailDeliveryOutcome.Duplicate));
        }

        Assert.Equal(mails.Where((_, i) => i is not (1 or 4)).Select(mail => mail.Email).Order(), ReceivedAddresses().Order());
        Assert.Equal(mails.Count, await RecordedAsSentAsync(mails));
        Assert.Equal(0u, await ReadyInQueueAsync());
    }

    [Fact]
    public async Task A_database_failure_between_mailing_and_recording_acknowledges_nothing_and_the_redelivered_batch_is_recorded_not_mailed_again()
    {
        var mails = await PublishAsync(4);
        var failed = 0;
        _smtp.BeforeAccepting = async _ =>
        {
            // The claims are in; the records of the mails the server accepts from now on cannot be written.
            if (Interlocked.Exchange(ref failed, 1) == 0)
                await ExecuteAsync("ALTER TABLE sent_mail RENAME TO sent_mail_away");
        };

        await using (var channel = await _broker.CreateChannelAsync())
        {
            var batch = await TakeAsync(channel, mails.Count);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => _session.HandleBatchAsync(batch));
        }
        Assert.Equal(mails.Select(mail => mail.Email).Order(), ReceivedAddresses().Order());
        Assert.Equal((uint)mails.Count, await ReadyInQueueAsync());

        await ExecuteAsync("ALTER TABLE sent_mail_away RENAME TO sent_mail");
        await using (var channel = await _broker.CreateChannelAsync())
        {
            var outcomes = await _session.HandleBatchAsync(await TakeAsync(channel, mails.Count));
            Assert.All(outcomes, outcome => Assert.Equal(MailDeliveryOutcome.Duplicate, outcome));
        }

        Assert.Equal(mails.Count, _smtp.Received.Count);
        Assert.Equal(mails.Count, await RecordedAsSentAsync(mails));
        Assert.Equal(0u, await ReadyInQueueAsync());
    }

    [Fact]
    public async Task A_mail_the_smtp_server_asks_to_retry_in_the_middle_of_a_batch_is_mailed_once_and_the_others_too()
    {
        var mails = await PublishAsync(5);
        var refusals = new ConcurrentBag<string>();
        _smtp.RefuseTransiently = message =>
        {
            var address = message.To.Mailboxes.Single().Address;
            if (address != mails[2].Email || !refusals.IsEmpty)
                return false;
            refusals.Add(address);
            return true;
        };

        await using (var channel = await _broker.CreateChannelAsync())
        {
            var outcomes = await _session.HandleBatchAsync(await TakeAsync(channel, mails.Count));
            Assert.All(outcomes, outcome => Assert.Equal(MailDeliveryOutcome.Sent, outcome));
            Assert.Equal(mails.Count, outcomes.Count);
        }

        Assert.Equal([mails[2].Email], refusals);
        Assert.Equal(mails.Select(mail => mail.Email).Order(), ReceivedAddresses().Order());
        Assert.Equal(mails.Count, await RecordedAsSentAsync(mails));
        Assert.Equal(0u, await ReadyInQueueAsync());
    }

    private async Task<List<(string Id, string Email)>> PublishAsync(int count)
    {
        await using var channel = await _broker.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var mails = new List<(string Id, string Email)>();
        for (var i = 0; i < count; i++)
        {
            var mail = (Id: $"batch-{Guid.NewGuid():N}", Email: $"batch-{i}-{Guid.NewGuid():N}@example.org");
            var body = new MailNotification(mail.Email, $"Mail {i}", "body", new Dictionary<string, string> { ["kind"] = "test" }).ToJson();
            await channel.BasicPublishAsync("", MailQueues.Notifications, true,
                new BasicProperties { MessageId = mail.Id, ContentType = "application/json", Persistent = true }, body);
            mails.Add(mail);
        }
        return mails;
    }

    /// <summary>Takes the queue's messages unacknowledged, as the consumer would; closing the channel returns the unacknowledged ones.</summary>
    private static async Task<IReadOnlyList<AmqpDelivery>> TakeAsync(IChannel channel, int count)
    {
        var deliveries = new List<AmqpDelivery>();
        while (deliveries.Count < count)
        {
            var message = await channel.BasicGetAsync(MailQueues.Notifications, autoAck: false)
                ?? throw new InvalidOperationException($"the queue held {deliveries.Count} messages, not {count}");
            deliveries.Add(new AmqpDelivery(channel, message.DeliveryTag, message.Body.ToArray(), message.BasicProperties, message.Redelivered));
        }
        return deliveries;
    }

    private async Task<uint> ReadyInQueueAsync()
    {
        await using var channel = await _broker.CreateChannelAsync();
        return await channel.MessageCountAsync(MailQueues.Notifications);
    }

    private IEnumerable<string> ReceivedAddresses() => _smtp.Received.Select(mail => mail.To.Mailboxes.Single().Address);

    private async Task<long> RecordedAsSentAsync(IEnumerable<(string Id, string Email)> mails)
    {
        await using var command = _db.CreateCommand("SELECT count(*) FROM sent_mail WHERE message_id = ANY($1) AND sent_at IS NOT NULL");
        command.Parameters.AddWithValue(mails.Select(mail => mail.Id).ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
