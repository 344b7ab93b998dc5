using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Messages.Users;
using AkkaOcr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaOcr.Tests.Users;

/// <summary>
/// Login under attack, through real gateways and a real users node: the per-account throttle (shared by every
/// gateway, since the user entity keeps it), the cap on concurrent password hashing, and the rehash of a password
/// stored at an older, lower cost.
/// </summary>
public sealed class LoginProtectionTests : IAsyncLifetime
{
    private readonly UsersGateway _users = new();
    private readonly List<GatewayFactory> _otherGateways = [];

    public ValueTask InitializeAsync() => _users.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _otherGateways)
            await gateway.DisposeAsync();
        await _users.DisposeAsync();
    }

    [Fact]
    public async Task Failed_logins_hold_back_that_account_on_every_gateway_while_another_account_from_the_same_address_logs_in()
    {
        var (victim, _) = await AccountFlow.SignUpAsync(_users.Gateway, _users.Client, "Victim");
        var (bystander, _) = await AccountFlow.SignUpAsync(_users.Gateway, _users.Client, "Bystander");
        using var otherGateway = await StartOtherGatewayAsync();

        for (var i = 0; i < LoginPolicy.FreeAttempts; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(_users.Client, victim, "wrong password")).StatusCode);

        // Even the right password waits now: the throttle does not tell a guess from the owner.
        using var held = await LoginAsync(_users.Client, victim, AccountFlow.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Equal("application/problem+json", held.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(held.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, (int)LoginPolicy.FirstDelay.TotalSeconds);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(otherGateway, victim, AccountFlow.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(_users.Client, bystander, AccountFlow.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(otherGateway, bystander, AccountFlow.Password)).StatusCode);

        // Not a lockout: once the wait is over the owner gets in, and the success clears the count.
        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(otherGateway, victim, AccountFlow.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(_users.Client, victim, "wrong password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(_users.Client, victim, AccountFlow.Password)).StatusCode);
    }

    [Fact]
    public async Task Unknown_addresses_are_held_back_alike_so_the_answer_does_not_tell_them_from_known_ones()
    {
        var unknown = $"{Guid.NewGuid():N}@example.org";
        for (var i = 0; i < LoginPolicy.FreeAttempts; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(_users.Client, unknown, "guess")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(_users.Client, unknown, "guess")).StatusCode);
    }

    [Fact]
    public async Task A_password_hashed_at_an_older_cost_is_rehashed_at_the_current_one_on_login()
    {
        var (email, _) = await AccountFlow.SignUpAsync(_users.Gateway, _users.Client);
        var users = _users.Gateway.Services.GetRequiredService<UserShardClient>();
        Assert.Equal(int.Parse(GatewayFactory.PasswordIterations), IterationsOf(await StoredHashAsync(users, email)));

        // A gateway of a later version, whose cost is higher than the one the password was stored at.
        const int raisedCost = 3 * 1000;
        using var raised = await StartOtherGatewayAsync(new() { ["Passwords:Iterations"] = raisedCost.ToString() });
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(raised, email, AccountFlow.Password)).StatusCode);

        var rehashed = await StoredHashAsync(users, email);
        Assert.Equal(raisedCost, IterationsOf(rehashed));
        // The new hash is of the same password, and is not made again once it is at the current cost.
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(raised, email, AccountFlow.Password)).StatusCode);
        Assert.Equal(rehashed, await StoredHashAsync(users, email));
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(raised, email, "wrong password")).StatusCode);
        // A gateway at the older, lower cost still checks the costlier hash: the hash says its own cost.
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(_users.Client, email, AccountFlow.Password)).StatusCode);
        Assert.Equal(rehashed, await StoredHashAsync(users, email));
    }

    [Fact]
    public async Task A_flood_of_logins_past_the_hashing_cap_gets_429_while_the_gateway_still_answers_promptly()
    {
        // A costly hash, one at a time, one waiting: the rest of the flood must be refused, not queued.
        using var capped = await StartOtherGatewayAsync(new()
        {
            ["Passwords:Iterations"] = "2000000",
            ["Passwords:MaxConcurrentHashes"] = "1",
            ["Passwords:MaxQueuedHashes"] = "1",
        });
        const int flood = 12;

        // Distinct unknown addresses: the per-account throttle stays out of it, and each is checked against a decoy hash.
        var logins = Enumerable.Range(0, flood)
            .Select(_ => LoginAsync(capped, $"{Guid.NewGuid():N}@example.org", "guess"))
            .ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        using var live = await capped.GetAsync("/health/live");
        var liveAfter = clock.Elapsed;
        var answers = await Task.WhenAll(logins);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(liveAfter < TimeSpan.FromSeconds(2), $"/health/live took {liveAfter.TotalMilliseconds:0} ms during the flood");
        var refused = answers.Where(answer => answer.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(refused.Count >= flood / 2, $"{refused.Count} of {flood} were refused: {string.Join(", ", answers.Select(a => (int)a.StatusCode))}");
        Assert.All(answers.Except(refused), answer => Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode));
        Assert.All(refused, answer =>
        {
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.True(int.Parse(answer.Headers.GetValues("Retry-After").Single()) >= 1);
        });
        foreach (var answer in answers)
            answer.Dispose();
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/auth/login", new { username = email, password });

    /// <summary>Another gateway joined to the same users node, as a second instance behind a load balancer would be.</summary>
    private async Task<HttpClient> StartOtherGatewayAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = TestNode.ClusterSettings([], FreeTcpPort.Next(), _users.Gateway.Backend.AkkaPort);
        settings["RateLimits:PerClientPerMinute"] = "10000";
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        var gateway = new GatewayFactory(settings);
        _otherGateways.Add(gateway);
        return await gateway.CreateReadyClientAsync();
    }

    private static async Task<string> StoredHashAsync(UserShardClient users, string email) =>
        Assert.IsType<UserReplies.Credentials>(await users.AskAsync(new UserQueries.GetCredentials(email), CancellationToken.None)).PasswordHash;

    /// <summary>ASP.NET Core Identity's v3 format: a marker byte, then the PRF and the iteration count, big-endian.</summary>
    private static int IterationsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
    }
}
