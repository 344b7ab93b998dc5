using System.Diagnostics;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Cluster;

namespace AkkaOcr.Tests.MultiProcess;

[Collection(nameof(MultiProcessCluster))]
public sealed class ClusterRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_a_whole_cluster_restart_accounts_verification_states_and_pending_code_limits_are_back_from_postgres()
    {
        await using var environment = await ClusterEnvironment.CreateAsync();
        await using var cluster = environment.CreateCluster();
        string? cooldownNotChecked = null;
        await cluster.ExplainFailuresAsync(async () =>
        {
            var specs = new[]
            {
                ClusterHarness.Node("users-1", ClusterRoles.Users, ClusterRoles.Notifier),
                ClusterHarness.Node("users-2", ClusterRoles.Users),
                ClusterHarness.Gateway("gateway"),
            };
            var nodes = await cluster.StartAllReadyAsync(specs);
            var gateway = specs[2].BaseAddress;
            await WarmUp.UntilWritesAnswerAsync(gateway, TimeSpan.FromSeconds(90));
            using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(15) };
            var client = new AuthClient(http, new RequestLog());
            var otp = new SmtpOtpSource(environment.Smtp);
            var accounts = new AccountBook();

            // Verified, with a few wrong tries left on a live code, and with a fresh code that is still unused.
            var verified = Enumerable.Range(0, 4).Select(_ => accounts.Create("verified")).ToList();
            var tried = Enumerable.Range(0, 4).Select(_ => accounts.Create("tried")).ToList();
            var pending = Enumerable.Range(0, 4).Select(_ => accounts.Create("pending")).ToList();
            foreach (var account in verified.Concat(tried).Concat(pending))
                await Succeeds(client.RegisterAsync(account, default));
            foreach (var account in verified.Concat(tried))
                await Succeeds(client.GenerateOtpAsync(account, default));
            var codes = new Dictionary<string, string>();
            foreach (var account in verified.Concat(tried))
                codes[account.Email] = await CodeAsync(otp, account);
            foreach (var account in verified)
                await Succeeds(client.VerifyOtpAsync(account, codes[account.Email], default));
            foreach (var account in tried)
                for (var i = 0; i < OtpPolicy.MaxWrongAttempts - 1; i++)
                    Assert.Equal(400, (await client.VerifyOtpAsync(account, WrongCode(codes[account.Email]), default)).Record.Status);
            // Asked for last: their resend cooldown must still run when the cluster is back.
            var pendingAskedAt = Stopwatch.StartNew();
            foreach (var account in pending)
                await Succeeds(client.GenerateOtpAsync(account, default));
            foreach (var account in pending)
                codes[account.Email] = await CodeAsync(otp, account);
            var mailsBefore = environment.Smtp.Received.Count;

            // Every process leaves at once, then the same members start again on the same ports.
            var stopped = await Task.WhenAll(nodes.Select(node => node.StopAsync(ClusterHarness.StopTimeout)));
            Assert.All(stopped, Assert.True);
            await cluster.StartAllReadyAsync(specs);

            // First, while the cooldown still runs: asking again must mail nothing. An entity's first
            // recovery on a cold cluster may outlast the Ask timeout, so a 503 is asked again.
            foreach (var account in pending)
                await SucceedsSoonAsync(() => client.GenerateOtpAsync(account, default));
            // On a machine so busy that the restart outlasted the cooldown, a new code is rightly mailed and
            // the cooldown cannot be checked; the test then ends as skipped, saying why, rather than pass
            // without checking it or fail on the machine's speed.
            var cooldownCheckable = pendingAskedAt.Elapsed < OtpPolicy.ResendCooldown - TimeSpan.FromSeconds(2);
            output.WriteLine($"pending codes asked for again {pendingAskedAt.Elapsed.TotalSeconds:0} s after the first time" +
                             (cooldownCheckable ? "" : $"; past the {OtpPolicy.ResendCooldown.TotalSeconds:0} s cooldown, so it is not checked"));

            // Reading every account first recovers its entity from the journal, which on a cold, busy
            // cluster may outlast the Ask timeout once; reads are safe to ask again, changes are not.
            foreach (var account in accounts.All)
                Assert.Equal(verified.Contains(account) ? 200 : 403, (await AnswerSoonAsync(() => client.LoginAsync(account, default))).Record.Status);
            await WarmUp.UntilWritesAnswerAsync(gateway, TimeSpan.FromSeconds(90));
            foreach (var account in verified)
            {
                Assert.Equal(409, (await client.RegisterAsync(account, default)).Record.Status);
                await SignsInAsync(client, account);
            }
            foreach (var account in tried)
            {
                // Four wrong tries were remembered: the fifth kills the code, so the right one no longer works.
                Assert.Equal(400, (await client.VerifyOtpAsync(account, WrongCode(codes[account.Email]), default)).Record.Status);
                Assert.Equal(400, (await client.VerifyOtpAsync(account, codes[account.Email], default)).Record.Status);
                Assert.Equal(403, (await client.LoginAsync(account, default)).Record.Status);
            }
            if (cooldownCheckable)
            {
                // The cooldown held: asking again after the restart mailed nothing new. A code asked for after
                // those requests is the signal: once it is mailed, any code they caused would have been too.
                var marker = accounts.Create("marker");
                await Succeeds(client.RegisterAsync(marker, default));
                await Succeeds(client.GenerateOtpAsync(marker, default));
                await CodeAsync(otp, marker);
                Assert.Equal(mailsBefore + 1, environment.Smtp.Received.Count);
            }
            foreach (var account in pending)
            {
                Assert.Equal(403, (await client.LoginAsync(account, default)).Record.Status);
                var code = cooldownCheckable ? codes[account.Email] : await CodeAsync(otp, account, codes[account.Email]);
                await Succeeds(client.VerifyOtpAsync(account, code, default));
                await SignsInAsync(client, account);
            }
            if (!cooldownCheckable)
                cooldownNotChecked = $"the restart took {pendingAskedAt.Elapsed.TotalSeconds:0} s, past the {OtpPolicy.ResendCooldown.TotalSeconds:0} s resend cooldown, so the cooldown was not checked; the rest passed";
        });
        if (cooldownNotChecked is not null)
            Assert.Skip(cooldownNotChecked);
    }

    private static async Task Succeeds(Task<AuthClient.Response> request)
    {
        var response = await request;
        Assert.True(response.Succeeded, response.Record.ToString());
    }

    private static async Task SucceedsSoonAsync(Func<Task<AuthClient.Response>> request)
    {
        var response = await AnswerSoonAsync(request);
        Assert.True(response.Succeeded, response.Record.ToString());
    }

    /// <summary>The first answer other than 503 (no users node answered in time), asking up to six times.</summary>
    private static async Task<AuthClient.Response> AnswerSoonAsync(Func<Task<AuthClient.Response>> request)
    {
        var response = await request();
        for (var attempt = 1; attempt < 6 && response.Record.Status == 503; attempt++)
            response = await request();
        return response;
    }

    private static async Task SignsInAsync(AuthClient client, Account account)
    {
        var login = await client.LoginAsync(account, default);
        Assert.True(login.Succeeded, login.Record.ToString());
        var me = await client.MeAsync(account, login.Json().GetProperty("access_token").GetString()!, default);
        Assert.True(me.Succeeded, me.Record.ToString());
        Assert.True(me.Json().GetProperty("is_verified").GetBoolean());
    }

    private static async Task<string> CodeAsync(IOtpSource otp, Account account, params string[] used) =>
        await otp.WaitForNewCodeAsync(account.Email, used, MailTimeout, default)
        ?? throw new TimeoutException($"no code mailed to {account.Email} within {MailTimeout.TotalSeconds:0} s");

    private static string WrongCode(string code) => OtpPolicy.Format((int.Parse(code) + 1) % OtpPolicy.CodeSpace);
}
