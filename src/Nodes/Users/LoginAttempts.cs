using AkkaOcr.Messages.Users;

namespace AkkaOcr.Users;

/// <summary>
/// The account's recent logins without a success, for the throttle of <see cref="LoginPolicy"/>. Pure, like
/// <see cref="UserState"/>, and kept in the entity's memory only: a failed guess writes nothing to the journal,
/// so guessing cannot grow it. An entity that stops (idle for <see cref="UserHosting.PassivateAfter"/>, a
/// rebalance, a node's restart) starts again with no failures, which gives a guesser at most
/// <see cref="LoginPolicy.FreeAttempts"/> more tries after each stop; the gateways' per-client limit bounds those.
/// </summary>
/// <param name="Failures">Attempts since the last success; each counts from the moment it is let through.</param>
/// <param name="LastAttemptAt">When the latest of them was let through.</param>
/// <param name="LastRequestId">The latest attempt's request id, so that a copy of it is not counted again.</param>
public sealed record LoginAttempts(int Failures, DateTimeOffset LastAttemptAt, Guid LastRequestId)
{
    public static readonly LoginAttempts None = new(0, default, Guid.Empty);

    /// <summary>How long the next attempt must wait; zero when it may go ahead now.</summary>
    public TimeSpan WaitAt(DateTimeOffset now)
    {
        if (Failures == 0 || now - LastAttemptAt >= LoginPolicy.ForgetAfter)
            return TimeSpan.Zero;
        var wait = LastAttemptAt + LoginPolicy.DelayAfter(Failures) - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>
    /// Lets an attempt through, counting it as failed until <see cref="Succeeded"/>, or refuses it with the wait left.
    /// </summary>
    public (bool LetThrough, TimeSpan Wait, LoginAttempts Next) Begin(Guid requestId, DateTimeOffset now)
    {
        if (requestId != Guid.Empty && requestId == LastRequestId)
            return (true, TimeSpan.Zero, this);
        var wait = WaitAt(now);
        if (wait > TimeSpan.Zero)
            return (false, wait, this);
        var failures = now - LastAttemptAt >= LoginPolicy.ForgetAfter ? 0 : Failures;
        return (true, TimeSpan.Zero, new LoginAttempts(failures + 1, now, requestId));
    }

    /// <summary>The attempt's password was right: every failure is forgotten.</summary>
    public static LoginAttempts Succeeded() => None;
}
