using System.Net;
using System.Net.Http.Json;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.Mail;

/// <summary>Stopping the broker stops every test's connections, so these run alone, after the others.</summary>
[CollectionDefinition(nameof(BrokerOutage), DisableParallelization = true)]
public sealed class BrokerOutage;

[Collection(nameof(BrokerOutage))]
public sealed class BrokerOutageTests
{
    [Fact]
    public async Task Codes_requested_while_the_broker_is_down_are_all_mailed_once_it_is_back_each_exactly_once()
    {
        await using var database = await TestDatabase.CreateNewAsync();
        var virtualHost = await RabbitMqAdmin.CreateVirtualHostAsync();
        await using var smtp = TestSmtpServer.Start();
        var settings = TestNode.SingleProcessSettings(database.ConnectionString, virtualHost, smtp.Port);
        settings["RateLimits:PerClientPerMinute"] = "10000";
        await using var gateway = new GatewayFactory(settings);
        using var client = await gateway.CreateReadyClientAsync();

        var emails = Enumerable.Range(0, 50).Select(i => $"outage-{i}-{Guid.NewGuid():N}@example.org").ToList();
        foreach (var email in emails)
            Assert.Equal(HttpStatusCode.Created,
                (await client.PostAsJsonAsync("/auth/register", new { name = "Outage", email, password = "correct horse battery" })).StatusCode);

        await RabbitMqAdmin.CtlAsync("stop_app");
        try
        {
            foreach (var email in emails)
                Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/auth/generate_otp", new { email })).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Empty(smtp.Received);
        }
        finally
        {
            await RabbitMqAdmin.CtlAsync("start_app");
            await RabbitMqAdmin.CtlAsync("await_startup");
        }

        await Eventually.MatchesAsync(() => Task.FromResult(smtp.Received.Count), count => count >= emails.Count,
            TimeSpan.FromSeconds(90), "50 mails after the broker came back");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(emails.Order(), smtp.Received.Select(m => m.To.Mailboxes.Single().Address).Order());
        await RabbitMqAdmin.CtlAsync("delete_vhost", virtualHost);
    }
}
