namespace AkkaOcr.LoadDriver;

/// <summary>
/// After the load: every account the service acknowledged (register answered 201) must still be
/// there. Each one logs in; one that is not verified yet (403) is verified first, with a mailed code
/// or a freshly asked one; then it reads its profile. Returns one line per account that could not.
/// </summary>
public static class AccountAudit
{
    public static async Task<IReadOnlyList<string>> FindLostAsync(AuthClient client, IOtpSource otp, IEnumerable<Account> accounts,
        TimeSpan mailTimeout, int concurrency, CancellationToken cancellationToken)
    {
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(accounts.Where(account => account.Registered),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (account, token) =>
            {
                if (await CheckAsync(client, otp, account, mailTimeout, token) is { } problem)
                    problems.Add($"{account}: {problem}");
            });
        return problems.ToArray();
    }

    /// <summary>
    /// The lighter check, for accounts that were only registered: login with the account's password must
    /// answer 200 or 403 (right password, not verified yet), which only an account that was kept can.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindMissingAsync(AuthClient client, IEnumerable<Account> accounts, int concurrency,
        CancellationToken cancellationToken)
    {
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(accounts.Where(account => account.Registered),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (account, token) =>
            {
                var login = await client.LoginAsync(account, token);
                if (login.Record.Status is not (200 or 403))
                    problems.Add($"{account}: login: {login.Record}");
            });
        return problems.ToArray();
    }

    /// <summary>
    /// A registration that was not acknowledged (503, no answer) may still have been written before the
    /// failure reached the client. Each such account registers again: 201 or 409 both mean the address now
    /// has its account, which the audit then checks like any other. Returns one line per account that got
    /// another answer, which would mean the entity that failed did not recover.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SettleUnacknowledgedAsync(AuthClient client, IEnumerable<Account> accounts,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var account in accounts.Where(account => !account.Registered))
        {
            var again = await client.RegisterAsync(account, cancellationToken);
            if (again.Record.Status is 201 or 409)
                account.MarkRegistered();
            else
                problems.Add($"{account}: register again: {again.Record}");
        }
        return problems;
    }

    private static async Task<string?> CheckAsync(AuthClient client, IOtpSource otp, Account account, TimeSpan mailTimeout,
        CancellationToken cancellationToken)
    {
        var login = await client.LoginAsync(account, cancellationToken);
        // A verify_otp that failed on the way back may still have verified the account; login tells.
        if (login.Record.Status == 403)
        {
            if (account.Verified)
                return "verify_otp answered 200, yet login says not verified";
            if (await VerifyAsync(client, otp, account, mailTimeout, cancellationToken) is { } notVerified)
                return notVerified;
            login = await client.LoginAsync(account, cancellationToken);
        }
        if (!login.Succeeded)
            return $"login: {login.Record}";
        var me = await client.MeAsync(account, login.Json().GetProperty("access_token").GetString()!, cancellationToken);
        if (!me.Succeeded)
            return $"me: {me.Record}";
        var profile = me.Json();
        return profile.GetProperty("email").GetString() == account.Email && profile.GetProperty("is_verified").GetBoolean()
            ? null
            : $"me answered {me.Body}";
    }

    /// <summary>
    /// A code mailed earlier may be the one to use, or may have been replaced by one still on its way;
    /// so codes are tried newest first as they arrive, asking for one only when none came at all.
    /// </summary>
    private static async Task<string?> VerifyAsync(AuthClient client, IOtpSource otp, Account account, TimeSpan mailTimeout,
        CancellationToken cancellationToken)
    {
        var tried = new List<string>();
        if ((await otp.CodesAsync(account.Email, cancellationToken)).Count == 0)
        {
            var asked = await client.GenerateOtpAsync(account, cancellationToken);
            if (!asked.Succeeded)
                return $"generate_otp: {asked.Record}";
        }
        while (await otp.WaitForNewCodeAsync(account.Email, tried, mailTimeout, cancellationToken) is { } code)
        {
            tried.Add(code);
            var verified = await client.VerifyOtpAsync(account, code, cancellationToken);
            if (verified.Succeeded)
                return null;
            if (verified.Record.Status != 400)
                return $"verify_otp: {verified.Record}";
        }
        return tried.Count == 0
            ? $"no code arrived within {mailTimeout.TotalSeconds:0} s"
            : $"none of the {tried.Count} mailed code(s) verified";
    }
}
