namespace AkkaOcr.Mail;

/// <summary>
/// How far the journal is settled: every ordering up to <see cref="Settled"/> is committed, or will never
/// be. The journal's orderings come from one PostgreSQL identity sequence, handed out when a row is
/// inserted, not when its transaction commits; so an ordering may become visible after a higher one did.
/// A reader that went past the higher one would skip it for good. The outbox therefore reads only up to
/// the end of the unbroken run of committed orderings (<see cref="Advance"/>). A hole in that run is
/// almost always a write a few milliseconds from its commit and fills by the next probe; one that stays
/// empty for <see cref="GapTimeout"/> is a rolled-back write (or numbers the sequence lost in a crash)
/// and is passed. Akka.Persistence.Sql's own events-by-tag query keeps the same safety the same way
/// (its journal sequence actor assumes a gap after 10 tries, 1 s apart).
/// </summary>
/// <param name="Settled">Every ordering at or below it is committed or never will be.</param>
/// <param name="Gap">The hole just above <see cref="Settled"/>, while one is waited for.</param>
public sealed record JournalHorizon(long Settled, JournalGap? Gap)
{
    /// <summary>How long a hole in the orderings is waited for before it counts as a write that never commits.</summary>
    public static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A horizon at an ordering known to be settled: the outbox's stored offset, which it reached through this horizon.</summary>
    public static JournalHorizon At(long settled) => new(settled, Gap: null);

    /// <summary>The horizon after <paramref name="probe"/> looked at the orderings above <see cref="Settled"/>.</summary>
    public JournalHorizon Advance(JournalProbe probe, DateTimeOffset now)
    {
        if (probe.ContiguousEnd < Settled)
            throw new ArgumentException($"a probe from {Settled} cannot end its run at {probe.ContiguousEnd}", nameof(probe));
        if (probe.NextPresent is not { } next)
            return At(probe.ContiguousEnd);
        if (next <= probe.ContiguousEnd + 1)
            throw new ArgumentException($"ordering {next} does not lie beyond a hole after {probe.ContiguousEnd}", nameof(probe));

        var hole = new JournalGap(probe.ContiguousEnd + 1, next - 1, now);
        if (Gap is not { } waited || waited.From != hole.From)
            return new JournalHorizon(probe.ContiguousEnd, hole);
        if (now - waited.SeenAt < GapTimeout)
            return this with { Gap = waited with { To = Math.Min(waited.To, hole.To) } };
        // Only what was already missing when the wait began has waited long enough: an ordering is handed
        // out before any higher one, so everything below the ordering present then had been handed out then.
        return At(Math.Min(waited.To, hole.To));
    }
}

/// <summary>Orderings missing from the journal, from <paramref name="From"/> to <paramref name="To"/>, first seen missing at <paramref name="SeenAt"/>.</summary>
public sealed record JournalGap(long From, long To, DateTimeOffset SeenAt);

/// <summary>
/// One look at the journal's orderings above a horizon.
/// </summary>
/// <param name="ContiguousEnd">The last ordering of the unbroken run above the horizon; the horizon itself when the next one is missing.</param>
/// <param name="NextPresent">The first ordering present after the hole that ends that run; null when the look saw no hole.</param>
/// <param name="Full">Whether the look stopped at its limit, so that more orderings may follow.</param>
public sealed record JournalProbe(long ContiguousEnd, long? NextPresent, bool Full);
