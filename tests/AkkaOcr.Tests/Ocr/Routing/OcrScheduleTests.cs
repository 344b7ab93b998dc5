using AkkaOcr.Gateway.Ocr;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Routing;
using Schedule = AkkaOcr.Routing.OcrSchedule<string, string, string, string>;

namespace AkkaOcr.Tests.Ocr.Routing;

/// <summary>
/// Placement, the wait queue, deadlines and membership on the pure schedule, with an explicit clock.
/// Nodes, workers and clients are names; each effect is compared whole.
/// </summary>
public sealed class OcrScheduleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan T0 = TimeSpan.FromMinutes(1);
    private static readonly OcrRouting.Unavailable NoNode = new("no OCR node is available");

    private static Schedule Empty(int queuePerWorker = 2) =>
        Schedule.Empty(new OcrRoutingSettings(Timeout, queuePerWorker));

    /// <summary>The node comes up and its workers introduce themselves, in the order given, reading English.</summary>
    private static Schedule WithNode(Schedule schedule, string node, params string[] workers)
    {
        schedule = schedule.NodeUp(node).Schedule;
        foreach (var worker in workers)
            schedule = schedule.RegisterWorker(node, worker, ["eng"], T0).Schedule;
        return schedule;
    }

    private static OcrWork<string, string> Work(string client, string language = "eng") =>
        new(OcrJobId.New(), new WorkOwner(client), LanguageSpec.Parse(language), client, $"image of {client}");

    private static OcrReplies.Recognized Read(OcrWork<string, string> work) =>
        new(work.JobId, new OcrPage($"text of {work.Client}", 90, "eng", 100, [], null));

    /// <summary>Submits work that must start at once, and returns the worker it went to.</summary>
    private static string Started(ref Schedule schedule, OcrWork<string, string> work, TimeSpan now)
    {
        var step = schedule.Submit(work, now);
        schedule = step.Schedule;
        var dispatch = Assert.IsType<Schedule.Dispatch>(Assert.Single(step.Effects));
        Assert.Equal(work, dispatch.Work);
        return dispatch.Worker;
    }

    private static Schedule Queued(Schedule schedule, OcrWork<string, string> work, TimeSpan now)
    {
        var step = schedule.Submit(work, now);
        Assert.Empty(step.Effects);
        return step.Schedule;
    }

    [Fact]
    public void An_idle_worker_gets_the_work_with_the_whole_timeout_left()
    {
        var work = Work("ada");

        var step = WithNode(Empty(), "A", "a1").Submit(work, T0);

        Assert.Equal([new Schedule.Dispatch("a1", work, Timeout)], step.Effects);
    }

    [Fact]
    public void Work_goes_to_the_node_with_the_fewest_busy_workers()
    {
        var schedule = WithNode(WithNode(Empty(), "A", "a1", "a2"), "B", "b1");

        Assert.Equal("a1", Started(ref schedule, Work("first"), T0));
        // a2 never had work and registered before b1, but its node already has a busy worker.
        Assert.Equal("b1", Started(ref schedule, Work("second"), T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal("a2", Started(ref schedule, Work("third"), T0 + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Among_workers_of_equally_busy_nodes_the_one_whose_last_work_began_longest_ago_gets_the_work()
    {
        var schedule = WithNode(Empty(), "A", "a1", "a2");
        var first = Work("first");
        var second = Work("second");
        var third = Work("third");
        Assert.Equal("a1", Started(ref schedule, first, T0));
        Assert.Equal("a2", Started(ref schedule, second, T0 + TimeSpan.FromSeconds(1)));
        schedule = schedule.WorkerAnswered(Read(first), T0 + TimeSpan.FromSeconds(2)).Schedule;
        Assert.Equal("a1", Started(ref schedule, third, T0 + TimeSpan.FromSeconds(3)));
        schedule = schedule.WorkerAnswered(Read(second), T0 + TimeSpan.FromSeconds(4)).Schedule;
        schedule = schedule.WorkerAnswered(Read(third), T0 + TimeSpan.FromSeconds(5)).Schedule;

        // Both idle: a2 last started work at T0+1 s, a1 at T0+3 s.
        Assert.Equal("a2", Started(ref schedule, Work("fourth"), T0 + TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public void With_every_worker_busy_work_waits_and_the_answer_frees_the_worker_for_it()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        var first = Work("first");
        var second = Work("second");
        Started(ref schedule, first, T0);
        schedule = Queued(schedule, second, T0 + TimeSpan.FromSeconds(1));

        var answer = Read(first);
        var step = schedule.WorkerAnswered(answer, T0 + TimeSpan.FromSeconds(3));

        // The waiting work keeps its own deadline: it arrived at T0+1 s, so 8 s are left at T0+3 s.
        Assert.Equal([new Schedule.Reply("first", answer), new Schedule.Dispatch("a1", second, Timeout - TimeSpan.FromSeconds(2))], step.Effects);
        Assert.Empty(step.Schedule.WorkerAnswered(answer, T0 + TimeSpan.FromSeconds(4)).Effects);
    }

    [Fact]
    public void Waiting_work_goes_only_to_a_worker_that_reads_all_its_languages()
    {
        var schedule = Empty().NodeUp("A").Schedule.NodeUp("B").Schedule;
        schedule = schedule.RegisterWorker("A", "a1", ["eng"], T0).Schedule;
        schedule = schedule.RegisterWorker("B", "b1", ["eng", "deu"], T0).Schedule;
        var german = Work("german", "eng+deu");
        var moreGerman = Work("more german", "deu");

        Assert.Equal("b1", Started(ref schedule, german, T0));
        schedule = Queued(schedule, moreGerman, T0);
        Assert.Equal("a1", Started(ref schedule, Work("english"), T0));

        var answer = Read(german);
        Assert.Equal([new Schedule.Reply("german", answer), new Schedule.Dispatch("b1", moreGerman, Timeout)],
            schedule.WorkerAnswered(answer, T0).Effects);
    }

    [Fact]
    public void A_worker_that_joins_takes_the_oldest_waiting_work()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        var older = Work("older");
        Started(ref schedule, Work("running"), T0);
        schedule = Queued(schedule, older, T0 + TimeSpan.FromSeconds(1));
        schedule = Queued(schedule, Work("newer"), T0 + TimeSpan.FromSeconds(2));

        var step = schedule.RegisterWorker("A", "a2", ["eng"], T0 + TimeSpan.FromSeconds(3));

        Assert.Equal([new Schedule.Watch("a2"), new Schedule.Dispatch("a2", older, Timeout - TimeSpan.FromSeconds(2))], step.Effects);
    }

    [Fact]
    public void A_full_queue_answers_busy_with_a_retry_after_from_the_average_job_time()
    {
        var schedule = WithNode(Empty(queuePerWorker: 2), "A", "a1");
        var slow = Work("slow");
        Started(ref schedule, slow, T0);
        // One job of 5 s moves the average from 1 s to 0.8 * 1 + 0.2 * 5 = 1.8 s.
        schedule = schedule.WorkerAnswered(Read(slow), T0 + TimeSpan.FromSeconds(5)).Schedule;
        var now = T0 + TimeSpan.FromSeconds(6);
        Started(ref schedule, Work("running"), now);
        schedule = Queued(schedule, Work("waiting 1"), now);
        schedule = Queued(schedule, Work("waiting 2"), now);

        var step = schedule.Submit(Work("refused"), now);

        // Two waiting plus this one, 1.8 s each, on one worker: 5.4 s, rounded up.
        Assert.Equal([new Schedule.Reply("refused", new OcrRouting.Busy(TimeSpan.FromSeconds(6)))], step.Effects);
    }

    [Fact]
    public void Retry_after_is_at_least_one_second_and_at_most_thirty()
    {
        var schedule = WithNode(Empty(queuePerWorker: 0), "A", "a1", "a2");
        var instant = Work("instant");
        Started(ref schedule, instant, T0);
        schedule = schedule.WorkerAnswered(Read(instant), T0).Schedule;
        Started(ref schedule, Work("one"), T0);
        Started(ref schedule, Work("two"), T0);
        // 0.8 s of average over two workers is 0.4 s.
        Assert.Equal([new Schedule.Reply("short", new OcrRouting.Busy(TimeSpan.FromSeconds(1)))], schedule.Submit(Work("short"), T0).Effects);

        var endless = WithNode(Empty(queuePerWorker: 0), "A", "a1");
        var tenMinutes = Work("ten minutes");
        Started(ref endless, tenMinutes, T0);
        endless = endless.WorkerAnswered(Read(tenMinutes), T0 + TimeSpan.FromMinutes(10)).Schedule;
        Started(ref endless, Work("running"), T0 + TimeSpan.FromMinutes(10));
        Assert.Equal([new Schedule.Reply("long wait", new OcrRouting.Busy(TimeSpan.FromSeconds(30)))],
            endless.Submit(Work("long wait"), T0 + TimeSpan.FromMinutes(10)).Effects);
    }

    [Fact]
    public void Without_an_available_worker_the_answer_is_unavailable()
    {
        Assert.Equal([new Schedule.Reply("nobody", NoNode)], Empty().Submit(Work("nobody"), T0).Effects);
        // A node that is up but whose workers have not introduced themselves yet has none to give.
        Assert.Equal([new Schedule.Reply("early", NoNode)], WithNode(Empty(), "A").Submit(Work("early"), T0).Effects);
    }

    [Fact]
    public void A_language_no_available_worker_reads_is_refused_with_the_installed_ones()
    {
        var schedule = Empty().NodeUp("A").Schedule.NodeUp("B").Schedule.NodeUp("C").Schedule;
        schedule = schedule.RegisterWorker("A", "a1", ["eng", "deu"], T0).Schedule;
        schedule = schedule.RegisterWorker("B", "b1", ["fra", "eng"], T0).Schedule;
        schedule = schedule.RegisterWorker("C", "c1", ["jpn"], T0).Schedule;
        schedule = schedule.NodeUnreachable("C").Schedule;

        var step = schedule.Submit(Work("klingon", "eng+tlh"), T0);

        var reply = Assert.IsType<Schedule.Reply>(Assert.Single(step.Effects));
        Assert.Equal("klingon", reply.Client);
        var unknown = Assert.IsType<OcrRouting.UnknownLanguage>(reply.Answer);
        Assert.Equal("eng+tlh", unknown.Language);
        // Sorted, without duplicates, and without the languages of the unreachable node.
        Assert.Equal(["deu", "eng", "fra"], unknown.Installed);
    }

    [Fact]
    public void Waiting_work_past_its_deadline_is_answered_timed_out_and_never_started()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        var running = Work("running");
        var waiting = Work("waiting");
        Started(ref schedule, running, T0);
        var arrived = T0 + TimeSpan.FromSeconds(1);
        schedule = Queued(schedule, waiting, arrived);

        Assert.Empty(schedule.ExpireDeadlines(arrived + Timeout - TimeSpan.FromMilliseconds(1)).Effects);
        var step = schedule.ExpireDeadlines(arrived + Timeout);

        Assert.Equal([new Schedule.Reply("waiting", new OcrReplies.Failed(waiting.JobId, OcrFailure.TimedOut,
            "every OCR worker stayed busy until the deadline"))], step.Effects);
        var answer = Read(running);
        Assert.Equal([new Schedule.Reply("running", answer)], step.Schedule.WorkerAnswered(answer, arrived + Timeout).Effects);
    }

    [Fact]
    public void Work_in_flight_is_answered_timed_out_once_its_deadline_and_the_grace_are_past()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        var work = Work("slow");
        Started(ref schedule, work, T0);

        Assert.Empty(schedule.ExpireDeadlines(T0 + Timeout + Schedule.AnswerGrace - TimeSpan.FromMilliseconds(1)).Effects);
        var step = schedule.ExpireDeadlines(T0 + Timeout + Schedule.AnswerGrace);

        Assert.Equal([new Schedule.Reply("slow", new OcrReplies.Failed(work.JobId, OcrFailure.TimedOut,
            "the OCR worker did not answer before the deadline"))], step.Effects);
        Assert.Empty(step.Schedule.ExpireDeadlines(T0 + Timeout + Schedule.AnswerGrace + TimeSpan.FromSeconds(1)).Effects);
    }

    [Fact]
    public void A_late_answer_after_a_timeout_is_not_given_twice_and_only_then_frees_the_worker()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        var slow = Work("slow");
        var next = Work("next");
        Started(ref schedule, slow, T0);
        var late = T0 + Timeout + Schedule.AnswerGrace;
        schedule = schedule.ExpireDeadlines(late).Schedule;

        // The worker may still be reading, so it gets no new work until it answers.
        schedule = Queued(schedule, next, late);
        var step = schedule.WorkerAnswered(Read(slow), late + TimeSpan.FromSeconds(1));

        Assert.Equal([new Schedule.Dispatch("a1", next, Timeout - TimeSpan.FromSeconds(1))], step.Effects);
    }

    [Fact]
    public void An_unreachable_node_fails_its_work_in_flight_at_once_and_gets_work_again_once_reachable()
    {
        var schedule = WithNode(WithNode(Empty(), "A", "a1"), "B", "b1");
        var onA = Work("on A");
        var waiting = Work("waiting");
        Assert.Equal("a1", Started(ref schedule, onA, T0));
        Assert.Equal("b1", Started(ref schedule, Work("on B"), T0));

        var unreachable = schedule.NodeUnreachable("A");
        Assert.Equal([new Schedule.Reply("on A", new OcrRouting.Unavailable("the OCR node reading the image stopped answering"))],
            unreachable.Effects);
        schedule = unreachable.Schedule;

        // a1 is idle now, but cannot be reached.
        schedule = Queued(schedule, waiting, T0 + TimeSpan.FromSeconds(1));
        Assert.Empty(schedule.WorkerAnswered(Read(onA), T0 + TimeSpan.FromSeconds(2)).Effects);

        var reachable = schedule.NodeReachable("A", T0 + TimeSpan.FromSeconds(3));
        Assert.Equal([new Schedule.Dispatch("a1", waiting, Timeout - TimeSpan.FromSeconds(2))], reachable.Effects);
    }

    [Fact]
    public void When_no_reachable_worker_is_left_waiting_work_is_answered_unavailable_at_once()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        Started(ref schedule, Work("running"), T0);
        schedule = Queued(schedule, Work("waiting"), T0);

        var step = schedule.NodeUnreachable("A");

        Assert.Equal([
            new Schedule.Reply("running", new OcrRouting.Unavailable("the OCR node reading the image stopped answering")),
            new Schedule.Reply("waiting", NoNode),
        ], step.Effects);
        Assert.Equal([new Schedule.Reply("after", NoNode)], step.Schedule.Submit(Work("after"), T0).Effects);
    }

    [Fact]
    public void A_leaving_node_gets_no_new_work_but_its_work_in_flight_is_still_answered()
    {
        var schedule = WithNode(WithNode(Empty(), "A", "a1", "a2"), "B", "b1");
        var onA = Work("on A");
        var onB = Work("on B");
        var waiting = Work("waiting");
        Assert.Equal("a1", Started(ref schedule, onA, T0));
        Assert.Equal("b1", Started(ref schedule, onB, T0));

        var leaving = schedule.NodeLeaving("A");
        Assert.Empty(leaving.Effects);
        // a2 is idle but leaving: the work waits for b1.
        schedule = Queued(leaving.Schedule, waiting, T0 + TimeSpan.FromSeconds(1));

        var answerA = Read(onA);
        var afterA = schedule.WorkerAnswered(answerA, T0 + TimeSpan.FromSeconds(2));
        Assert.Equal([new Schedule.Reply("on A", answerA)], afterA.Effects);
        var answerB = Read(onB);
        Assert.Equal([new Schedule.Reply("on B", answerB), new Schedule.Dispatch("b1", waiting, Timeout - TimeSpan.FromSeconds(2))],
            afterA.Schedule.WorkerAnswered(answerB, T0 + TimeSpan.FromSeconds(3)).Effects);
    }

    [Fact]
    public void A_removed_node_fails_its_work_and_its_workers_are_forgotten()
    {
        var schedule = WithNode(WithNode(Empty(), "A", "a1"), "B", "b1");
        Started(ref schedule, Work("on A"), T0);

        var removed = schedule.NodeRemoved("A");
        Assert.Equal([
            new Schedule.Unwatch("a1"),
            new Schedule.Reply("on A", new OcrRouting.Unavailable("the OCR node reading the image left the cluster")),
        ], removed.Effects);
        schedule = removed.Schedule;

        // A worker of a node that is gone is not taken back; the node coming up again is asked anew.
        Assert.Empty(schedule.RegisterWorker("A", "a1", ["eng"], T0).Effects);
        Assert.Equal("b1", Started(ref schedule, Work("next"), T0));
        schedule = schedule.NodeUp("A").Schedule;
        Assert.Equal([new Schedule.Watch("a1")], schedule.RegisterWorker("A", "a1", ["eng"], T0).Effects);
    }

    [Fact]
    public void A_stopped_worker_fails_its_work_at_once_and_gets_no_more()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        Started(ref schedule, Work("running"), T0);

        var stopped = schedule.WorkerStopped("a1");

        Assert.Equal([
            new Schedule.Unwatch("a1"),
            new Schedule.Reply("running", new OcrRouting.Unavailable("the OCR worker reading the image stopped")),
        ], stopped.Effects);
        Assert.Equal([new Schedule.Reply("after", NoNode)], stopped.Schedule.Submit(Work("after"), T0).Effects);
    }

    [Fact]
    public void Workers_are_asked_for_when_their_node_is_up_and_again_until_one_answers()
    {
        var up = Empty().NodeUp("A");
        Assert.Equal([new Schedule.DescribeWorkers("A")], up.Effects);
        var schedule = up.Schedule.NodeUp("B").Schedule;
        Assert.Equal([new Schedule.DescribeWorkers("A"), new Schedule.DescribeWorkers("B")],
            schedule.DescribeNodesWithoutWorkers().Effects.OrderBy(effect => ((Schedule.DescribeWorkers)effect).Node));

        var registered = schedule.RegisterWorker("A", "a1", ["eng"], T0);
        Assert.Equal([new Schedule.Watch("a1")], registered.Effects);
        Assert.Equal([new Schedule.DescribeWorkers("B")], registered.Schedule.DescribeNodesWithoutWorkers().Effects);
        // A worker that answers twice is registered once; one of a node that is not up is ignored.
        Assert.Empty(registered.Schedule.RegisterWorker("A", "a1", ["eng"], T0).Effects);
        Assert.Empty(registered.Schedule.RegisterWorker("C", "c1", ["eng"], T0).Effects);
    }

    [Fact]
    public void Cancelled_waiting_work_is_dropped_without_an_answer_and_never_dispatched()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        var running = Work("running");
        var cancelled = Work("cancelled");
        Started(ref schedule, running, T0);
        schedule = Queued(schedule, cancelled, T0);

        var step = schedule.Cancel(cancelled.JobId);
        Assert.Empty(step.Effects);

        // The worker is free again and nothing waits for it.
        var answered = step.Schedule.WorkerAnswered(Read(running), T0 + TimeSpan.FromSeconds(1));
        Assert.Equal([new Schedule.Reply("running", Read(running))], answered.Effects);
        Assert.Empty(answered.Schedule.ExpireDeadlines(T0 + Timeout + Schedule.AnswerGrace).Effects);
    }

    [Fact]
    public void Cancelled_work_in_flight_stops_its_worker_which_stays_busy_until_it_answers_and_the_answer_goes_nowhere()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        var cancelled = Work("cancelled");
        var next = Work("next");
        Started(ref schedule, cancelled, T0);

        var step = schedule.Cancel(cancelled.JobId);
        Assert.Equal([new Schedule.CancelRunning("a1", cancelled.JobId)], step.Effects);
        schedule = Queued(step.Schedule, next, T0);
        Assert.Empty(schedule.Cancel(cancelled.JobId).Effects);
        Assert.True(schedule.IsRunningOn(cancelled.JobId, "a1"));

        var answered = schedule.WorkerAnswered(new OcrReplies.Failed(cancelled.JobId, OcrFailure.Cancelled, "cancelled"), T0 + TimeSpan.FromSeconds(1));

        Assert.Equal([new Schedule.Dispatch("a1", next, Timeout - TimeSpan.FromSeconds(1))], answered.Effects);
        Assert.False(answered.Schedule.IsInFlight(cancelled.JobId));
    }

    [Fact]
    public void Cancelling_unknown_work_does_nothing()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        var step = schedule.Cancel(OcrJobId.New());
        Assert.Empty(step.Effects);
        Assert.Same(schedule, step.Schedule);
    }

    [Fact]
    public void Work_declined_for_want_of_memory_goes_first_to_another_node_with_its_deadline_unchanged()
    {
        var schedule = WithNode(WithNode(Empty(), "A", "a1"), "B", "b1");
        var declined = Work("declined");
        var busy = Work("busy");
        var waiting = Work("waiting");
        Assert.Equal("a1", Started(ref schedule, declined, T0));
        Assert.Equal("b1", Started(ref schedule, busy, T0));
        schedule = Queued(schedule, waiting, T0 + TimeSpan.FromSeconds(1));

        var step = schedule.WorkerDeclined("a1", declined.JobId, T0 + TimeSpan.FromSeconds(3));
        Assert.Empty(step.Effects); // b1 is still busy and A rests: the declined work waits, first in line
        Assert.True(step.Schedule.IsShortOfMemory("A"));

        var answer = Read(busy);
        Assert.Equal([new Schedule.Reply("busy", answer), new Schedule.Dispatch("b1", declined, Timeout - TimeSpan.FromSeconds(4))],
            step.Schedule.WorkerAnswered(answer, T0 + TimeSpan.FromSeconds(4)).Effects);
    }

    [Fact]
    public void A_node_short_of_memory_gets_no_work_until_the_backoff_has_passed()
    {
        var schedule = WithNode(WithNode(Empty(), "A", "a1"), "B", "b1");
        var declined = Work("declined");
        Assert.Equal("a1", Started(ref schedule, declined, T0));
        var step = schedule.WorkerDeclined("a1", declined.JobId, T0);
        Assert.Equal([new Schedule.Dispatch("b1", declined, Timeout)], step.Effects);
        schedule = step.Schedule;

        var waiting = Work("waiting");
        schedule = Queued(schedule, waiting, T0 + TimeSpan.FromSeconds(1)); // a1 idle, but its node rests
        Assert.Empty(schedule.RetryNodesShortOfMemory(T0 + Schedule.MemoryBackoff - TimeSpan.FromMilliseconds(1)).Effects);

        step = schedule.RetryNodesShortOfMemory(T0 + Schedule.MemoryBackoff);
        Assert.Equal([new Schedule.Dispatch("a1", waiting, Timeout - TimeSpan.FromSeconds(1))], step.Effects);
        Assert.False(step.Schedule.IsShortOfMemory("A"));
    }

    [Fact]
    public void With_every_node_short_of_memory_declined_and_new_work_is_answered_busy_for_the_backoff()
    {
        var schedule = WithNode(Empty(), "A", "a1");
        var declined = Work("declined");
        Assert.Equal("a1", Started(ref schedule, declined, T0));

        var step = schedule.WorkerDeclined("a1", declined.JobId, T0);
        Assert.Equal([new Schedule.Reply("declined", new OcrRouting.Busy(Schedule.MemoryBackoff, OcrRouting.Busy.ShortOfMemory))], step.Effects);
        var next = Work("next");
        Assert.Equal([new Schedule.Reply("next", new OcrRouting.Busy(Schedule.MemoryBackoff, OcrRouting.Busy.ShortOfMemory))], step.Schedule.Submit(next, T0).Effects);
        // The node is only resting: its languages still count, and after the backoff it takes work again.
        Assert.Contains("eng", step.Schedule.InstalledLanguages());
        schedule = step.Schedule.RetryNodesShortOfMemory(T0 + Schedule.MemoryBackoff).Schedule;
        Assert.Equal("a1", Started(ref schedule, next, T0 + Schedule.MemoryBackoff));
    }

    [Fact]
    public void A_decline_from_a_worker_that_does_not_hold_the_work_or_of_work_already_answered_is_not_answered_again()
    {
        var schedule = WithNode(WithNode(Empty(), "A", "a1"), "B", "b1");
        var work = Work("ada");
        Assert.Equal("a1", Started(ref schedule, work, T0));

        var stranger = schedule.WorkerDeclined("b1", work.JobId, T0);
        Assert.Empty(stranger.Effects);
        Assert.False(stranger.Schedule.IsShortOfMemory("B"));

        schedule = schedule.ExpireDeadlines(T0 + Timeout + Schedule.AnswerGrace).Schedule; // the client was told it timed out
        var late = schedule.WorkerDeclined("a1", work.JobId, T0 + Timeout + Schedule.AnswerGrace);
        Assert.Empty(late.Effects);
        Assert.False(late.Schedule.IsInFlight(work.JobId));
    }

    [Fact]
    public void The_first_worker_of_a_node_brings_the_room_of_its_whole_pool_so_work_sent_before_the_others_introduce_themselves_waits()
    {
        var schedule = Empty(queuePerWorker: 2).NodeUp("A").Schedule.RegisterWorker("A", "a1", ["eng"], T0, poolSize: 2).Schedule;
        var first = Work("first");
        Assert.Equal("a1", Started(ref schedule, first, T0));
        var waiting = new[] { Work("w1"), Work("w2"), Work("w3"), Work("w4") };
        foreach (var work in waiting)
            schedule = Queued(schedule, work, T0); // room for 2 × 2, though a2 has not introduced itself yet
        Assert.IsType<OcrRouting.Busy>(Assert.IsType<Schedule.Reply>(Assert.Single(schedule.Submit(Work("fifth"), T0).Effects)).Answer);

        var step = schedule.RegisterWorker("A", "a2", ["eng"], T0, poolSize: 2);
        Assert.Equal([new Schedule.Watch("a2"), new Schedule.Dispatch("a2", waiting[0], Timeout)], step.Effects);
    }

    [Fact]
    public void A_worker_stopped_for_good_takes_its_room_in_the_queue_with_it()
    {
        var schedule = Empty(queuePerWorker: 1).NodeUp("A").Schedule;
        schedule = schedule.RegisterWorker("A", "a1", ["eng"], T0, poolSize: 2).Schedule.RegisterWorker("A", "a2", ["eng"], T0, poolSize: 2).Schedule;
        schedule = schedule.WorkerStopped("a2").Schedule;
        Assert.Equal("a1", Started(ref schedule, Work("first"), T0));
        schedule = Queued(schedule, Work("second"), T0);

        Assert.IsType<OcrRouting.Busy>(Assert.IsType<Schedule.Reply>(Assert.Single(schedule.Submit(Work("third"), T0).Effects)).Answer);
    }
}
