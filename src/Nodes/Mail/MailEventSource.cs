using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Util;

namespace AkkaOcr.Mail;

/// <summary>
/// The journal's <c>mail</c>-tagged events after an offset, in journal order, live: pages read by
/// <see cref="MailEventQuery"/> up to the settled <see cref="JournalHorizon"/>, so no event is passed while a
/// lower ordering may still commit. While behind it reads page after page; once caught up it looks again every
/// <see cref="PollInterval"/>. A failed query fails the stream (the outbox restarts it from its stored offset).
/// </summary>
public static class MailEventSource
{
    /// <summary>How often a caught-up outbox looks for new mail events: two index lookups each time.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Events per page read.</summary>
    public const int PageSize = 1000;

    /// <summary>Journal orderings per look at the horizon; mail events are a share of the journal's events.</summary>
    public const int ProbeSize = 10_000;

    /// <param name="offset">The last ordering already published; the horizon starts there, as the offset was reached through it.</param>
    public static Source<EventEnvelope, NotUsed> From(MailEventQuery query, ActorSystem system, long offset, TimeProvider clock) =>
        Source.UnfoldAsync(new Position(offset, JournalHorizon.At(offset), Idle: false, MoreBelowHorizon: false),
                position => NextPageAsync(query, system, position, clock))
            // Reads the next page while the outbox publishes this one.
            .Buffer(1, OverflowStrategy.Backpressure)
            .SelectMany(page => page);

    private static async Task<Option<(Position, IReadOnlyList<EventEnvelope>)>> NextPageAsync(
        MailEventQuery query, ActorSystem system, Position position, TimeProvider clock)
    {
        // One wait at most per call: a cancelled stream stops asking, so nothing keeps polling behind it.
        if (position.Idle)
            await Task.Delay(PollInterval, clock);

        var horizon = position.Horizon;
        var probeFull = false;
        if (!position.MoreBelowHorizon)
        {
            var probe = await query.ProbeAsync(horizon.Settled, ProbeSize);
            horizon = horizon.Advance(probe, clock.GetUtcNow());
            probeFull = probe.Full;
        }

        var page = await query.ReadAsync(system, position.Offset, horizon.Settled, PageSize);
        var pageFull = page.Count == PageSize;
        var offset = page.Count > 0 ? ((Sequence)page[^1].Offset).Value : position.Offset;
        var next = new Position(offset, horizon, Idle: !pageFull && !probeFull, MoreBelowHorizon: pageFull);
        return Option<(Position, IReadOnlyList<EventEnvelope>)>.Create((next, page));
    }

    /// <param name="Offset">The last ordering read.</param>
    /// <param name="Horizon">How far the journal is settled.</param>
    /// <param name="Idle">Whether the last call found everything read, so the next one waits first.</param>
    /// <param name="MoreBelowHorizon">Whether the last page was full, so more events wait below the horizon already known.</param>
    private sealed record Position(long Offset, JournalHorizon Horizon, bool Idle, bool MoreBelowHorizon);
}
