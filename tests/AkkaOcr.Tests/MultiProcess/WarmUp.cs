using System.Net;
using System.Net.Http.Json;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// A freshly started cluster answers its first writes slowly (journal tables created on first use,
/// shards allocated, connections opened), slow enough on a busy machine to outlast the gateway's Ask
/// timeout. Tests that count failed requests start their load once writes are answered promptly.
/// </summary>
public static class WarmUp
{
    private const int Rounds = 40;
    private const int RegistrationsPerRound = 8;

    public static async Task UntilWritesAnswerAsync(Uri gateway, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(15) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        for (var round = 0; round < Rounds && DateTime.UtcNow < deadline; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, RegistrationsPerRound).Select(async _ =>
            {
                using var response = await http.PostAsJsonAsync("/auth/register",
                    new { name = "Warm Up", email = $"warmup-{Guid.NewGuid():N}@example.org", password = "correct horse battery" });
                return response.StatusCode;
            }));
            if (answers.All(status => status == HttpStatusCode.Created))
                return;
            last = string.Join(", ", answers.Select(status => (int)status));
        }
        throw new TimeoutException($"registrations not answered promptly within {timeout.TotalSeconds:0} s; last round: {last}");
    }
}
