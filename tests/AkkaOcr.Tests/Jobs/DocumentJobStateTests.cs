using AkkaOcr.Jobs;
using AkkaOcr.Messages.Jobs;

namespace AkkaOcr.Tests.Jobs;

/// <summary>The job's decisions without Akka: who sees it, that each page is recorded once, and how it ends.</summary>
public sealed class DocumentJobStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly JobOptions Options = new("eng", 3, Rotate: true, Deskew: false, SkipText: true);
    private static readonly DocumentJobId JobId = DocumentJobId.New();

    private static DocumentJobState Submitted(int pages = 3)
    {
        var state = DocumentJobState.New(JobId);
        var decision = state.Submit(new JobCommands.Submit(JobId, "owner", "owner@example.org", pages, Options), Now);
        return decision.Events.Aggregate(state, (current, @event) => current.Apply(@event));
    }

    private static DocumentJobState Apply(DocumentJobState state, IEnumerable<IDocumentJobEvent> events) =>
        events.Aggregate(state, (current, @event) => current.Apply(@event));

    [Fact]
    public void A_submission_is_recorded_once_and_a_copy_is_answered_as_accepted_without_an_event()
    {
        var state = Submitted();
        Assert.True(state.IsActive);
        Assert.Equal(JobStatus.Queued, state.View().Status);
        var copy = state.Submit(new JobCommands.Submit(JobId, "owner", "owner@example.org", 3, Options), Now);
        Assert.Empty(copy.Events);
        Assert.IsType<JobReplies.Accepted>(copy.Reply);
    }

    [Fact]
    public void Only_the_owner_sees_the_job_and_nobody_sees_it_once_deleted()
    {
        var state = Submitted();
        Assert.IsType<JobReplies.Found>(state.Get(new JobQueries.GetJob(JobId, "owner"), started: false).Reply);
        Assert.IsType<JobReplies.NotFound>(state.Get(new JobQueries.GetJob(JobId, "someone-else"), started: false).Reply);
        Assert.IsType<JobReplies.NotFound>(state.Cancel(new JobCommands.Delete(JobId, "someone-else"), Now).Reply);

        var deleted = state.Apply(state.Delete(Now));
        Assert.IsType<JobReplies.NotFound>(deleted.Get(new JobQueries.GetJob(JobId, "owner"), started: false).Reply);
        Assert.IsType<JobReplies.NotFound>(deleted.Submit(new JobCommands.Submit(JobId, "owner", "owner@example.org", 3, Options), Now).Reply);
    }

    [Fact]
    public void A_page_read_twice_is_recorded_once_and_pages_outside_the_document_never()
    {
        var state = Submitted(pages: 2);
        state = Apply(state, state.RecordPage(1, 91, Now));
        Assert.Empty(state.RecordPage(1, 50, Now));
        Assert.Empty(state.RecordPage(0, 50, Now));
        Assert.Empty(state.RecordPage(3, 50, Now));
        Assert.Equal(91, state.Done[1]);
        Assert.Equal([2], state.PendingPages);
        Assert.Equal(JobStatus.Running, state.View().Status);
        Assert.Equal(0.5, state.View().Progress);
    }

    [Fact]
    public void A_job_succeeds_only_when_every_page_is_recorded_and_then_mails_its_owner()
    {
        var state = Submitted(pages: 2);
        Assert.Empty(state.Succeed(Now));
        state = Apply(state, state.RecordPage(2, 80, Now));
        state = Apply(state, state.RecordPage(1, 90, Now));
        var succeeded = Assert.IsType<JobEvents.JobSucceeded>(Assert.Single(state.Succeed(Now)));
        Assert.Equal(("owner@example.org", 2, 85f, JobId), (succeeded.OwnerEmail, succeeded.PageCount, succeeded.MeanConfidence, succeeded.JobId));
        state = state.Apply(succeeded);
        Assert.Equal((JobStatus.Succeeded, 1.0, Now), (state.View().Status, state.View().Progress, state.View().Finished!.Value));
        Assert.Empty(state.Succeed(Now));
        Assert.Empty(state.RecordPage(1, 90, Now));
        Assert.Empty(state.Fail("late", Now));
    }

    [Fact]
    public void The_owners_delete_cancels_an_active_job_and_a_cancelled_job_records_no_more_pages()
    {
        var state = Submitted();
        var decision = state.Cancel(new JobCommands.Delete(JobId, "owner"), Now);
        Assert.IsType<JobEvents.JobCancelled>(Assert.Single(decision.Events));
        Assert.Equal(JobStatus.Cancelled, Assert.IsType<JobReplies.Cancelling>(decision.Reply).Job.Status);
        state = Apply(state, decision.Events);
        Assert.False(state.IsActive);
        Assert.Empty(state.RecordPage(1, 90, Now));
    }

    [Fact]
    public void A_delete_naming_the_statuses_it_expects_acts_only_in_them()
    {
        JobStatus[] active = [JobStatus.Queued, JobStatus.Running];
        var state = Submitted(pages: 1);
        Assert.Null(state.RefuseDelete(new JobCommands.Delete(JobId, "owner", active), started: true));
        Assert.Null(state.RefuseDelete(new JobCommands.Delete(JobId, "owner"), started: true));
        Assert.IsType<JobReplies.NotFound>(state.RefuseDelete(new JobCommands.Delete(JobId, "someone-else", active), started: true));

        state = Apply(state, state.RecordPage(1, 90, Now));
        state = Apply(state, state.Succeed(Now));
        var refused = Assert.IsType<JobReplies.PreconditionFailed>(state.RefuseDelete(new JobCommands.Delete(JobId, "owner", active), started: false));
        Assert.Equal(JobStatus.Succeeded, refused.Job.Status);
        Assert.IsType<JobReplies.PreconditionFailed>(state.RefuseDelete(new JobCommands.Delete(JobId, "owner", []), started: false));
        Assert.Null(state.RefuseDelete(new JobCommands.Delete(JobId, "owner", [JobStatus.Succeeded]), started: false));
        Assert.Null(state.RefuseDelete(new JobCommands.Delete(JobId, "owner"), started: false));
    }

    [Fact]
    public void A_failed_job_keeps_its_reason_for_its_owner()
    {
        var state = Submitted();
        state = Apply(state, state.Fail("Page 2 could not be read.", Now));
        Assert.Equal((JobStatus.Failed, "Page 2 could not be read."), (state.View().Status, state.View().Error));
    }
}
