using AkkaOcr.Mail;

namespace AkkaOcr.Tests.Mail;

/// <summary>How far the outbox may read: never past an ordering that may still commit, and never stuck behind one that never will.</summary>
public sealed class JournalHorizonTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_unbroken_run_of_orderings_is_settled_to_its_end()
    {
        var horizon = JournalHorizon.At(10).Advance(new JournalProbe(25, NextPresent: null, Full: false), Start);

        Assert.Equal(JournalHorizon.At(25), horizon);
    }

    [Fact]
    public void A_hole_holds_the_horizon_below_it_until_it_fills()
    {
        // 11 and 12 taken by writes not yet committed; 13 and later committed.
        var waiting = JournalHorizon.At(10).Advance(new JournalProbe(10, NextPresent: 13, Full: false), Start);
        Assert.Equal(10, waiting.Settled);
        waiting = waiting.Advance(new JournalProbe(10, NextPresent: 13, Full: false), Start + JournalHorizon.GapTimeout / 2);
        Assert.Equal(10, waiting.Settled);

        var filled = waiting.Advance(new JournalProbe(30, NextPresent: null, Full: false), Start + JournalHorizon.GapTimeout / 2);

        Assert.Equal(JournalHorizon.At(30), filled);
    }

    [Fact]
    public void A_hole_left_empty_past_the_timeout_is_passed_but_only_as_far_as_it_was_missing_when_the_wait_began()
    {
        var waiting = JournalHorizon.At(10).Advance(new JournalProbe(10, NextPresent: 13, Full: false), Start);
        // Later the hole looks wider (13 to 15 are now taken too, and not yet committed), but 13 to 15 have not waited.
        var passed = waiting.Advance(new JournalProbe(10, NextPresent: 16, Full: false), Start + JournalHorizon.GapTimeout);

        Assert.Equal(JournalHorizon.At(12), passed);
    }

    [Fact]
    public void A_new_hole_after_the_first_one_filled_waits_its_own_time()
    {
        var first = JournalHorizon.At(10).Advance(new JournalProbe(10, NextPresent: 12, Full: false), Start);
        var second = first.Advance(new JournalProbe(20, NextPresent: 22, Full: false), Start + JournalHorizon.GapTimeout);

        var stillWaiting = second.Advance(new JournalProbe(20, NextPresent: 22, Full: false), Start + JournalHorizon.GapTimeout * 1.5);

        Assert.Equal(20, stillWaiting.Settled);
        Assert.Equal(21, Assert.IsType<JournalGap>(stillWaiting.Gap).From);
    }
}
