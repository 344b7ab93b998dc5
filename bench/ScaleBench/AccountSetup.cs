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
        Expect(await client.RegisterAsync(account, cancellationToken));
        Expect(await client.GenerateOtpAsync(account, cancellationToken));
        var code = await otp.WaitForNewCodeAsync(account.Email, [], TimeSpan.FromSeconds(30), cancellationToken)
            ?? throw new InvalidOperationException($"no code was issued to {account.Email}");
        Expect(await client.VerifyOtpAsync(account, code, cancellationToken));
        var login = Expect(await client.LoginAsync(account, cancellationToken));
        return new SignedInAccounts.Member(account, login.Json().GetProperty("access_token").GetString()!);
    }

    private static AuthClient.Response Expect(AuthClient.Response response) =>
        response.Succeeded ? response : throw new InvalidOperationException($"account setup failed: {response.Record}");
}
