using System.Collections.Immutable;
using AkkaOcr.Messages.Jobs;

namespace AkkaOcr.Jobs;

/// <summary>A reply and the events to persist before it is sent.</summary>
public sealed record JobDecision(object Reply, IReadOnlyList<IDocumentJobEvent> Events)
{
    public static JobDecision Answer(object reply) => new(reply, []);
}

/// <summary>
/// Everything one job knows, rebuilt from its journal: whose it is, how many pages, which are done and
/// with what confidence, and how it ended. Pure: the entity asks it what to do and persists the answer.
/// </summary>
public sealed record DocumentJobState
{
    public required DocumentJobId JobId { get; init; }

    public bool Submitted { get; private init; }

    public bool Deleted { get; private init; }

    public string OwnerId { get; private init; } = "";

    public string OwnerEmail { get; private init; } = "";

    public int PageCount { get; private init; }

    public JobOptions Options { get; private init; } = new("eng", 3, Rotate: true, Deskew: false, SkipText: true);

    public DateTimeOffset Created { get; private init; }

    public DateTimeOffset? Finished { get; private init; }

    public string? Error { get; private init; }

    /// <summary>Done pages (from 1) and their mean confidence.</summary>
    public ImmutableSortedDictionary<int, float> Done { get; private init; } = ImmutableSortedDictionary<int, float>.Empty;

    public JobStatus Status { get; private init; } = JobStatus.Queued;

    /// <summary>Queued or running, and not deleted: pages are still to be read.</summary>
    public bool IsActive => Submitted && !Deleted && !Status.IsFinal();

    public bool AllPagesDone => Submitted && Done.Count == PageCount;

    public IEnumerable<int> PendingPages => Enumerable.Range(1, PageCount).Where(page => !Done.ContainsKey(page));

    public static DocumentJobState New(DocumentJobId jobId) => new() { JobId = jobId };

    /// <param name="started">Whether pages are being read now, which makes a queued job running.</param>
    public JobView View(bool started = false) => new(
        JobId,
        Status == JobStatus.Queued && (started || Done.Count > 0) ? JobStatus.Running : Status,
        PageCount,
        Done.Count,
        JobView.ProgressOf(Status, Done.Count, PageCount),
        Created,
        Finished,
        Error);

    /// <summary>Only the owner sees a job, and nobody a deleted one.</summary>
    public bool IsVisibleTo(string ownerId) => Submitted && !Deleted && string.Equals(OwnerId, ownerId, StringComparison.Ordinal);

    /// <summary>An admitted submission; a copy of one already recorded is answered as the first was.</summary>
    public JobDecision Submit(JobCommands.Submit command, DateTimeOffset now)
    {
        if (Deleted)
            return JobDecision.Answer(new JobReplies.NotFound(JobId));
        if (Submitted)
            return JobDecision.Answer(new JobReplies.Accepted(View()));
        var submitted = new JobEvents.JobSubmitted(command.OwnerId, command.OwnerEmail, command.PageCount, command.Options, now);
        return new JobDecision(new JobReplies.Accepted(Apply(submitted).View()), [submitted]);
    }

    public JobDecision Get(JobQueries.GetJob query, bool started) =>
        JobDecision.Answer(IsVisibleTo(query.OwnerId) ? new JobReplies.Found(View(started)) : new JobReplies.NotFound(JobId));

    /// <summary>
    /// Why the owner's delete may not act now, or null when it may: the job is not one they see, or the delete
    /// names the statuses it expects and the job is in none of them. Decided by the job's one writer, so a job
    /// finishing between the owner's look and their cancel cannot turn the cancel into a delete.
    /// </summary>
    public object? RefuseDelete(JobCommands.Delete command, bool started)
    {
        if (!IsVisibleTo(command.OwnerId))
            return new JobReplies.NotFound(JobId);
        if (command.IfStatusIn is { } expected && !expected.Contains(Status))
            return new JobReplies.PreconditionFailed(View(started));
        return null;
    }

    /// <summary>The owner's delete of a job still active: it is cancelled. (A finished one is deleted by the entity, which removes its data first.)</summary>
    public JobDecision Cancel(JobCommands.Delete command, DateTimeOffset now)
    {
        if (!IsVisibleTo(command.OwnerId))
            return JobDecision.Answer(new JobReplies.NotFound(JobId));
        var cancelled = new JobEvents.JobCancelled(now);
        return new JobDecision(new JobReplies.Cancelling(Apply(cancelled).View()), [cancelled]);
    }

    /// <summary>A page read and stored; recorded once, whatever number of times it was read.</summary>
    public IReadOnlyList<IDocumentJobEvent> RecordPage(int page, float confidence, DateTimeOffset now) =>
        IsActive && page >= 1 && page <= PageCount && !Done.ContainsKey(page)
            ? [new JobEvents.PageRecorded(page, confidence, now)]
            : [];

    public IReadOnlyList<IDocumentJobEvent> Succeed(DateTimeOffset now) =>
        IsActive && AllPagesDone
            ? [new JobEvents.JobSucceeded(JobId, OwnerEmail, PageCount, Done.Count == 0 ? 0 : Done.Values.Average(), now)]
            : [];

    public IReadOnlyList<IDocumentJobEvent> Fail(string error, DateTimeOffset now) =>
        IsActive ? [new JobEvents.JobFailed(error, now)] : [];

    public IDocumentJobEvent Delete(DateTimeOffset now) => new JobEvents.JobDeleted(now);

    public DocumentJobState Apply(IDocumentJobEvent @event) => @event switch
    {
        JobEvents.JobSubmitted submitted => this with
        {
            Submitted = true,
            OwnerId = submitted.OwnerId,
            OwnerEmail = submitted.OwnerEmail,
            PageCount = submitted.PageCount,
            Options = submitted.Options,
            Created = submitted.At,
            Status = JobStatus.Queued,
        },
        JobEvents.PageRecorded recorded => this with { Done = Done.SetItem(recorded.Page, recorded.Confidence), Status = JobStatus.Running },
        JobEvents.JobSucceeded succeeded => this with { Status = JobStatus.Succeeded, Finished = succeeded.At },
        JobEvents.JobFailed failed => this with { Status = JobStatus.Failed, Finished = failed.At, Error = failed.Error },
        JobEvents.JobCancelled cancelled => this with { Status = JobStatus.Cancelled, Finished = cancelled.At },
        JobEvents.JobDeleted => this with { Deleted = true },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "not an event of a document job"),
    };
}
