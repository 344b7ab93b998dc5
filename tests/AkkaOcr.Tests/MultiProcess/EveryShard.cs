using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// Whether every user shard answers: a round of code requests, one to a fresh address in each shard,
/// repeated until a round is answered in full. A failed node's shards come back only after it is downed
/// and removed, plus sharding's removal margin (the split brain resolver's stable-after), so that a node on
/// the far side of a partition has stopped its entities first.
/// </summary>
public static class EveryShard
{
    /// <summary>Time until a round is answered in full; throws once <paramref name="timeout"/> passed.</summary>
    public static async Task<TimeSpan> WaitUntilAnswersAsync(Uri gateway, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(15) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var answers = await Task.WhenAll(AnAddressInEveryShard().Select(async email =>
            {
                try
                {
                    using var response = await http.PostAsJsonAsync("/auth/generate_otp", new { email });
                    return response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            }));
            if (answers.All(status => status == HttpStatusCode.Accepted))
                return watch.Elapsed;
        }
        throw new TimeoutException($"shards not all answering within {timeout.TotalSeconds:0} s");
    }

    /// <summary>A fresh address for each shard id, so that a round misses no shard.</summary>
    private static IEnumerable<string> AnAddressInEveryShard()
    {
        var byShard = new Dictionary<string, string>();
        while (byShard.Count < UserShardContract.MaxShards)
        {
            var email = $"probe-{Guid.NewGuid():N}@example.org";
            byShard.TryAdd(UserShardContract.Extractor.ShardId(email, new UserQueries.GetProfile(email)), email);
        }
        return byShard.Values;
    }
}
