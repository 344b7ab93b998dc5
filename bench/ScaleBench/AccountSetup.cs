using System.Net;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>
/// Signs accounts up and in before the timed window: register, generate_otp, verify_otp with the code from
/// the journal, login. The addresses are picked so that every user shard holds the same number of them: a
/// benchmark's few hundred accounts then spread over the <c>users</c> nodes as evenly as a large population
/// would, and a node that drew more of them by chance does not hold the others back.
/// </summary>
public static class AccountSetup
{
    private const int SignUpsInFlight = 16;
    private const int MaxAttempts = 5;
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    public static async Task<SignedInAccounts> SignUpAsync(Uri gateway, IOtpSource otp, int accountsPerShard, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(15) };
        var client = new AuthClient(http, new RequestLog());
        using var deadline = new CancellationTokenSource(timeout);
        var members = new List<SignedInAccounts.Member>();
        await Parallel.ForEachAsync(SpreadOverShards(accountsPerShard),
            new ParallelOptions { MaxDegreeOfParallelism = SignUpsInFlight, CancellationToken = deadline.Token },
            async (account, cancellationToken) =>
            {
                var member = await SignUpAsync(client, otp, account, cancellationToken);
                lock (members)
                    members.Add(member);
            });
        return new SignedInAccounts(members);
    }

    private static IEnumerable<Account> SpreadOverShards(int perShard)
    {
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        var wanted = perShard * UserShardContract.MaxShards;
        while (wanted > 0)
        {
            var account = new Account($"scale-{Guid.NewGuid():N}@example.org", "Scale Bench", $"pw-{Guid.NewGuid():N}");
            // The same function the shard regions use, so the spread is the one the cluster sees.
            var shard = UserShardContract.Extractor.ShardId(account.Email, new UserQueries.GetProfile(account.Email))
                ?? throw new InvalidOperationException($"no shard for {account.Email}");
            if (taken.GetValueOrDefault(shard) >= perShard)
                continue;
            taken[shard] = taken.GetValueOrDefault(shard) + 1;
            wanted--;
            yield return account;
        }
    }

    private static async Task<SignedInAccounts.Member> SignUpAsync(AuthClient client, IOtpSource otp, Account account, CancellationToken cancellationToken)
    {
        // A retried registration may find the first one done after all: 409 is then the account made.
        await WhileUnavailableAsync(() => client.RegisterAsync(account, cancellationToken), retried => retried ? [201, 409] : [201], cancellationToken);
        await WhileUnavailableAsync(() => client.GenerateOtpAsync(account, cancellationToken), _ => [202], cancellationToken);
        var code = await otp.WaitForNewCodeAsync(account.Email, [], TimeSpan.FromSeconds(30), cancellationToken)
            ?? throw new InvalidOperationException($"no code was issued to {account.Email}");
        await WhileUnavailableAsync(() => client.VerifyOtpAsync(account, code, cancellationToken), _ => [200], cancellationToken);
        var login = await WhileUnavailableAsync(() => client.LoginAsync(account, cancellationToken), _ => [200], cancellationToken);
        return new SignedInAccounts.Member(account, login.Json().GetProperty("access_token").GetString()!);
    }

    /// <summary>
    /// Sends until the answer is one of <paramref name="expected"/>, again after a 503: just after the nodes
    /// start, the first request to each shard may come while the shard is still being placed.
    /// </summary>
    private static async Task<AuthClient.Response> WhileUnavailableAsync(Func<Task<AuthClient.Response>> send, Func<bool, int[]> expected,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.Record.Status is { } status && expected(attempt > 1).Contains(status))
                return response;
            if (response.Record.Status != (int)HttpStatusCode.ServiceUnavailable || attempt == MaxAttempts)
                throw new InvalidOperationException($"account setup failed: {response.Record}");
            await Task.Delay(RetryPause, cancellationToken);
        }
    }
}
