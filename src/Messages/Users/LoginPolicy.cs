namespace AkkaOcr.Messages.Users;

/// <summary>
/// The per-account login throttle (OWASP Authentication Cheat Sheet): a few free attempts, then an
/// exponentially growing wait between attempts, capped so that no one can lock an account for good.
/// </summary>
public static class LoginPolicy
{
    /// <summary>Attempts without a success that are let through at once.</summary>
    public const int FreeAttempts = 5;

    /// <summary>The wait after the last free attempt; each further failure doubles it.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest wait: a guesser gets about four tries an hour per account, and the owner, locked out by
    /// someone else's guesses, waits at most this long after they stop.
    /// </summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this (counted from the latest attempt) are forgotten.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(24);

    /// <summary>How long an account waits after <paramref name="failures"/> attempts without a success.</summary>
    public static TimeSpan DelayAfter(int failures)
    {
        if (failures < FreeAttempts)
            return TimeSpan.Zero;
        // Doubling 2 s reaches the cap within ten steps; the exponent is capped so the shift cannot overflow.
        var doublings = Math.Min(failures - FreeAttempts, 20);
        var delay = FirstDelay * (1L << doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
