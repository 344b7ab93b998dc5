using System.Net.Http.Json;
using System.Text.Json;
using AkkaOcr.Mail;
using AkkaOcr.Messages.Users;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace AkkaOcr.Tests.Mail;

/// <summary>The outbox alone (no notifier): what it puts on <c>email_notification</c>.</summary>
public sealed class MailOutboxTests
{
    [Fact]
    public async Task Each_code_becomes_one_persistent_json_message_in_the_demo_format_with_a_stable_id()
    {
        await using var database = await TestDatabase.CreateNewAsync();
        var virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        var settings = TestNode.SingleProcessSettings(database.ConnectionString, virtualHost);
        settings["RateLimits:PerClientPerMinute"] = "10000";
        await using var gateway = new GatewayFactory(settings);
        using var client = await gateway.CreateReadyClientAsync();

        var emails = Enumerable.Range(0, 5).Select(i => $"outbox-{i}-{Guid.NewGuid():N}@example.org").ToList();
        foreach (var email in emails)
        {
            await client.PostAsJsonAsync("/auth/register", new { name = "Outbox", email, password = "correct horse battery" });
            await client.PostAsJsonAsync("/auth/generate_otp", new { email });
        }

        await using var connection = await new ConnectionFactory { Uri = new Uri(TestServices.RabbitMqUri + virtualHost) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await Eventually.MatchesAsync(() => channel.MessageCountAsync(MailQueues.Notifications), count => count >= 5,
            TimeSpan.FromSeconds(30), "5 messages on the queue");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(5u, await channel.MessageCountAsync(MailQueues.Notifications));

        foreach (var email in emails)
        {
            var message = await channel.BasicGetAsync(MailQueues.Notifications, autoAck: true);
            Assert.NotNull(message);
            Assert.Equal("application/json", message.BasicProperties.ContentType);
            Assert.Equal(DeliveryModes.Persistent, message.BasicProperties.DeliveryMode);
            // A code mail leaves the queue when its code expires (10 minutes after it was issued).
            Assert.InRange(long.Parse(message.BasicProperties.Expiration!), 1, (long)OtpPolicy.Validity.TotalMilliseconds);
            var body = JsonDocument.Parse(message.Body).RootElement;
            Assert.Equal(["body", "email", "other", "subject"], body.EnumerateObject().Select(p => p.Name).Order());
            var recipient = body.GetProperty("email").GetString()!;
            Assert.Contains(recipient, emails);
            // Registration is event 1, the code event 2: the id names the event, so a replay keeps it.
            Assert.Equal($"user-{recipient}:2", message.BasicProperties.MessageId);
            var code = await MailEventReader.LatestCodeAsync(
                gateway.Backend.System,
                gateway.Backend.Services.GetRequiredService<AkkaOcr.Users.OtpCodes>(), recipient);
            Assert.Contains(code, body.GetProperty("body").GetString());
            Assert.Equal("otp", body.GetProperty("other").GetProperty("kind").GetString());
        }
        await RabbitMqAdmin.CtlAsync("delete_vhost", virtualHost);
    }

    [Fact]
    public async Task A_code_whose_write_commits_after_a_later_one_is_published_and_first()
    {
        await using var database = await TestDatabase.CreateNewAsync();
        var virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        await using var gateway = new GatewayFactory(TestNode.SingleProcessSettings(database.ConnectionString, virtualHost));
        using var client = await gateway.CreateReadyClientAsync();
        await using var connection = await new ConnectionFactory { Uri = new Uri(TestServices.RabbitMqUri + virtualHost) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // A first code through the gateway: the journal's tables exist and the outbox is running.
        var first = $"first-{Guid.NewGuid():N}@example.org";
        await client.PostAsJsonAsync("/auth/register", new { name = "Outbox", email = first, password = "correct horse battery" });
        await client.PostAsJsonAsync("/auth/generate_otp", new { email = first });
        await Eventually.MatchesAsync(() => channel.MessageCountAsync(MailQueues.Notifications), count => count == 1,
            TimeSpan.FromSeconds(30), "the first code on the queue");
        await channel.QueuePurgeAsync(MailQueues.Notifications);

        var system = gateway.Backend.System;
        var codes = gateway.Backend.Services.GetRequiredService<AkkaOcr.Users.OtpCodes>();
        var at = DateTimeOffset.UtcNow;
        object CodeFor(string persistenceId) => new UserEvents.OtpIssued(
            [1], codes.Seal(AkkaOcr.Users.UserActor.EmailOf(persistenceId), "123456"), at, at.AddMinutes(10));
        var slow = AkkaOcr.Users.UserActor.PersistenceIdFor($"slow-{Guid.NewGuid():N}@example.org");
        var fast = AkkaOcr.Users.UserActor.PersistenceIdFor($"fast-{Guid.NewGuid():N}@example.org");
        var journal = new JournalRows(database.ConnectionString);

        long fastOrdering;
        await using (var slowWrite = await journal.BeginMailEventAsync(system, slow, 1, CodeFor(slow)))
        {
            fastOrdering = await journal.AppendMailEventAsync(system, fast, 1, CodeFor(fast));
            Assert.True(fastOrdering > slowWrite.Ordering);
            // Several of the outbox's looks, all well within the time it waits for a hole to fill.
            await Task.Delay(MailEventSource.PollInterval * 6);
            Assert.Equal(0u, await channel.MessageCountAsync(MailQueues.Notifications));
            await slowWrite.CommitAsync();
        }

        await Eventually.MatchesAsync(() => channel.MessageCountAsync(MailQueues.Notifications), count => count >= 2,
            TimeSpan.FromSeconds(30), "both codes on the queue");
        var published = new List<string?>();
        for (var i = 0; i < 2; i++)
            published.Add((await channel.BasicGetAsync(MailQueues.Notifications, autoAck: true))?.BasicProperties.MessageId);
        Assert.Equal([$"{slow}:1", $"{fast}:1"], published);
        await Eventually.MatchesAsync(journal.OutboxOffsetAsync, offset => offset >= fastOrdering,
            TimeSpan.FromSeconds(10), "the stored offset past both codes");
        await RabbitMqAdmin.CtlAsync("delete_vhost", virtualHost);
    }
}
