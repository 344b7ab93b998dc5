using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>Asks every user shard at once, to see when a users node's shards serve again after it failed.</summary>
public static class ShardProbe
{
    /// <summary>
    /// Time until a round of requests, one to every shard, is answered in full. The crashed node's shards
    /// come back only after it is downed and then removed, plus sharding's removal margin (the split brain
    /// resolver's stable-after), so that a node on the far side of a partition has stopped its entities first.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilEveryShardAnswersAsync(Uri gateway, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(15) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var answers = await Task.WhenAll(AnAddressInEveryShard().Select(async email =>
            {
                using var response = await http.PostAsJsonAsync("/auth/generate_otp", new { email });
                return response.StatusCode;
            }));
            if (answers.All(status => status == HttpStatusCode.Accepted))
                return watch.Elapsed;
        }
        throw new TimeoutException($"shards not all answering {timeout.TotalSeconds:0} s after the fault");
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
