using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaOcr.Mail;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;

namespace AkkaOcr.Tests.Mail;

/// <summary>Stopping the broker stops every test's connections, so these run alone, after the others.</summary>
[CollectionDefinition(nameof(BrokerOutage), DisableParallelization = true)]
public sealed class BrokerOutage;

[Collection(nameof(BrokerOutage))]
public sealed class BrokerOutageTests
{
    /// <summary>
    /// Outages of the infrastructure stop the outbox and it retries: the mail waits, the lag shows it, and
    /// nothing is set aside as if the events were at fault.
    /// </summary>
    [Fact]
    public async Task Codes_requested_while_the_broker_and_then_the_journal_are_down_are_all_mailed_once_both_are_back_none_set_aside()
    {
        await using var database = await TestDatabase.CreateNewAsync();
        var virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        await using var smtp = TestSmtpServer.Start();
        var settings = TestNode.SingleProcessSettings(database.ConnectionString, virtualHost, smtp.Port);
        settings["RateLimits:PerClientPerMinute"] = "10000";
        settings["Mail:OutboxStallAfter"] = "00:00:02";
        await using var gateway = new GatewayFactory(settings);
        using var client = await gateway.CreateReadyClientAsync();
        var monitor = gateway.Backend.Services.GetRequiredService<MailOutboxMonitor>();
        using var users = new HttpClient { BaseAddress = gateway.Backend.HealthBaseAddress };

        var emails = Enumerable.Range(0, 50).Select(i => $"outage-{i}-{Guid.NewGuid():N}@example.org").ToList();
        foreach (var email in emails)
            Assert.Equal(HttpStatusCode.Created,
                (await client.PostAsJsonAsync("/auth/register", new { name = "Outage", email, password = "correct horse battery" })).StatusCode);

        await RabbitMqAdmin.CtlAsync("stop_app");
        try
        {
            foreach (var email in emails)
                Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/auth/generate_otp", new { email })).StatusCode);
            var unready = await users.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            await Eventually.MatchesAsync(() => Task.FromResult(monitor.Latest), lag => lag is { Offsets: >= 50 }, TimeSpan.FromSeconds(20),
                "the lag of 50 unsent codes");
            var outbox = await Eventually.MatchesAsync(() => ReadinessCheckAsync(users, "mail-outbox"), check => check.Status == "Degraded",
                TimeSpan.FromSeconds(20), "the outbox degraded past Mail:OutboxStallAfter");
            Assert.Contains("oldest unsent mail event", outbox.Description);
            Assert.Empty(smtp.Received);

            // The journal goes too before the broker is back: the outbox cannot read, and must not skip either.
            await SetConnectionsAllowedAsync(database.Name, false);
        }
        finally
        {
            await RabbitMqAdmin.CtlAsync("start_app");
            await RabbitMqAdmin.CtlAsync("await_startup");
        }
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Empty(smtp.Received);
        }
        finally
        {
            await SetConnectionsAllowedAsync(database.Name, true);
        }

        await Eventually.MatchesAsync(() => Task.FromResult(smtp.Received.Count), count => count >= emails.Count,
            TimeSpan.FromSeconds(90), "50 mails after the broker and the journal came back");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(emails.Order(), smtp.Received.Select(m => m.To.Mailboxes.Single().Address).Order());
        await using (var broker = await new ConnectionFactory { Uri = new Uri(TestServices.RabbitMqUri + virtualHost) }.CreateConnectionAsync())
            Assert.Equal(0u, await DeadLetter.CountAsync(broker));
        await Eventually.MatchesAsync(() => Task.FromResult(monitor.Latest), lag => lag is { Offsets: 0, OldestUnsentAt: null },
            TimeSpan.FromSeconds(20), "no lag once everything is mailed");
        Assert.Equal("Healthy", (await ReadinessCheckAsync(users, "mail-outbox")).Status);
        await RabbitMqAdmin.CtlAsync("delete_vhost", virtualHost);
    }

    private sealed record HealthCheckReport(string Status, string? Description);

    private static async Task<HealthCheckReport> ReadinessCheckAsync(HttpClient client, string check)
    {
        var report = await (await client.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();
        var entry = report.GetProperty("checks").GetProperty(check);
        return new HealthCheckReport(entry.GetProperty("status").GetString()!, entry.GetProperty("description").GetString());
    }

    /// <summary>A database outage for this test's database alone: no new connections, and the open ones cut.</summary>
    private static async Task SetConnectionsAllowedAsync(string database, bool allowed)
    {
        await using var connection = new NpgsqlConnection(TestServices.PostgresAdmin);
        await connection.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {allowed}", connection))
            await alter.ExecuteNonQueryAsync();
        if (allowed)
            return;
        await using var cut = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", connection);
        cut.Parameters.AddWithValue(database);
        await cut.ExecuteNonQueryAsync();
    }
}
