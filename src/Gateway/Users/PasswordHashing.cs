using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AkkaOcr.Gateway.Users;

/// <summary>
/// Every password hash the gateway makes or checks, at most <see cref="PasswordSettings.MaxConcurrentHashes"/> at
/// once. Hashing is deliberately slow CPU work: unbounded, a flood of logins would take every core and starve the
/// gateway (health checks, uploads, other users). Past the queue a request is refused at once (<see cref="Busy"/>),
/// and the endpoint answers 429 with <c>Retry-After</c>.
/// </summary>
/// <remarks>
/// The hash is ASP.NET Core Identity's v3 format, which stores its PRF, salt and iteration count: a hash made at an
/// older, lower cost still verifies, and is reported as needing a rehash.
/// </remarks>
public sealed class PasswordHashing : IDisposable
{
    /// <summary>A queued hash gives up after this long; well past what a full queue takes to drain at the default cost.</summary>
    public static readonly TimeSpan MaxQueueWait = TimeSpan.FromSeconds(10);

    /// <summary>What a refused request is told to wait: about one queue's worth of hashes.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrencyLimiter _turns;
    private readonly IPasswordHasher<UserAccount> _hasher;
    private readonly Lazy<string> _decoyHash;

    public PasswordHashing(PasswordSettings settings)
    {
        Settings = settings;
        _hasher = new PasswordHasher<UserAccount>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = settings.Iterations,
        }));
        _turns = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.MaxConcurrentHashes,
            QueueLimit = settings.MaxQueuedHashes,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        // Made at this gateway's cost, so that checking it takes as long as checking a real account's hash.
        _decoyHash = new Lazy<string>(() => _hasher.HashPassword(UserAccount.Any, Guid.NewGuid().ToString()));
    }

    public PasswordSettings Settings { get; }

    /// <summary>The answer when no turn to hash was free: the caller answers 429.</summary>
    public sealed record Busy;

    /// <summary>A new hash of <paramref name="password"/>, or <see cref="Busy"/>.</summary>
    public async Task<object> HashAsync(string password, CancellationToken cancellationToken) =>
        await WithTurnAsync(() => _hasher.HashPassword(UserAccount.Any, password), cancellationToken);

    /// <summary>
    /// Checks <paramref name="password"/> against <paramref name="storedHash"/>, or against a decoy when the account
    /// is unknown (null), so that the answer takes as long either way. A correct password whose hash is cheaper
    /// than this gateway's cost comes back with a new hash to store. Answers <see cref="Verification"/> or <see cref="Busy"/>.
    /// </summary>
    public async Task<object> VerifyAsync(string? storedHash, string password, CancellationToken cancellationToken) =>
        await WithTurnAsync<object>(() =>
        {
            var result = _hasher.VerifyHashedPassword(UserAccount.Any, storedHash ?? _decoyHash.Value, password);
            if (storedHash is null || result == PasswordVerificationResult.Failed)
                return new Verification(false, null);
            return new Verification(true,
                result == PasswordVerificationResult.SuccessRehashNeeded ? _hasher.HashPassword(UserAccount.Any, password) : null);
        }, cancellationToken);

    /// <param name="Matches">The password is right.</param>
    /// <param name="Rehashed">A hash of the right password at this gateway's cost, when the stored one is cheaper.</param>
    public sealed record Verification(bool Matches, string? Rehashed);

    private async Task<object> WithTurnAsync<T>(Func<T> hash, CancellationToken cancellationToken) where T : notnull
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(MaxQueueWait);
        RateLimitLease turn;
        try
        {
            turn = await _turns.AcquireAsync(1, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Busy();
        }
        using (turn)
            return turn.IsAcquired ? hash() : new Busy();
    }

    public void Dispose() => _turns.Dispose();
}
