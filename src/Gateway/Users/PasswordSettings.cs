namespace AkkaOcr.Gateway.Users;

/// <summary>
/// Password hashing at the gateway: <c>Passwords__Iterations</c> (PBKDF2-HMAC-SHA512 cost),
/// <c>Passwords__MaxConcurrentHashes</c> and <c>Passwords__MaxQueuedHashes</c> (how many hashes run at once
/// and how many wait for a turn before a request is answered 429).
/// </summary>
public sealed class PasswordSettings
{
    public const string SectionName = "Passwords";

    /// <summary>OWASP's Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA512 (ASP.NET Core Identity's v3 format).</summary>
    public const int OwaspIterations = 210_000;

    /// <summary>Below this a hash is too cheap to mean anything; only tests go this low, to run fast.</summary>
    public const int MinimumIterations = 1_000;

    public int Iterations { get; set; } = OwaspIterations;

    /// <summary>Half the cores by default: a login flood keeps the other half for everything else the gateway does.</summary>
    public int MaxConcurrentHashes { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// A short queue absorbs a burst; past it a request is refused at once instead of waiting behind a flood.
    /// </summary>
    public int MaxQueuedHashes { get; set; } = 4 * Math.Max(1, Environment.ProcessorCount / 2);

    public IEnumerable<string> Validate()
    {
        if (Iterations is < MinimumIterations or > 10_000_000)
            yield return $"Passwords__Iterations {Iterations} is outside {MinimumIterations} to 10000000";
        if (MaxConcurrentHashes is < 1 or > 1024)
            yield return $"Passwords__MaxConcurrentHashes {MaxConcurrentHashes} is outside 1 to 1024";
        if (MaxQueuedHashes is < 0 or > 10_000)
            yield return $"Passwords__MaxQueuedHashes {MaxQueuedHashes} is outside 0 to 10000";
    }
}
