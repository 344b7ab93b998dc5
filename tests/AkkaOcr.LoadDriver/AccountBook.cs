using System.Collections.Concurrent;

namespace AkkaOcr.LoadDriver;

/// <summary>The accounts of a run, shared by its flows: sign-up adds them, later flows reuse the verified ones.</summary>
public sealed class AccountBook
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Account> _verified = new();

    public IReadOnlyCollection<Account> All => _accounts.Values.ToArray();

    public IReadOnlyList<Account> Registered => _accounts.Values.Where(account => account.Registered).ToArray();

    /// <summary>A new account with an address no run has used, so concurrent runs never collide.</summary>
    public Account Create(string prefix)
    {
        var account = new Account($"{prefix}-{Guid.NewGuid():N}@example.org", "Load Driver", $"pw-{Guid.NewGuid():N}");
        _accounts[account.Email] = account;
        return account;
    }

    internal void Verified(Account account)
    {
        account.MarkVerified();
        _verified.Enqueue(account);
    }

    /// <summary>A verified account, taking turns among them, or null while there is none yet.</summary>
    public Account? NextVerified()
    {
        if (!_verified.TryDequeue(out var account))
            return null;
        _verified.Enqueue(account);
        return account;
    }

    /// <summary>
    /// A verified account that no other flow is uploading as, held until the turn is disposed; null when every
    /// one is busy. A person uploads one file at a time: flows sharing an account would run into the gateway's
    /// per-user limit on uploads in progress, and its 429s would be the load's doing, not the service's.
    /// </summary>
    public UploadTurn? TakeUploadTurn()
    {
        for (var tries = _verified.Count; tries > 0; tries--)
            if (NextVerified() is { } account && account.TryStartUpload())
                return new UploadTurn(account);
        return null;
    }

    /// <summary>An account's one upload in progress.</summary>
    public sealed class UploadTurn(Account account) : IDisposable
    {
        private int _ended;

        public Account Account => account;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
                account.EndUpload();
        }
    }
}
