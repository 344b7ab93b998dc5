using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AkkaOcr.Documents.Storage;
using AkkaOcr.Documents.Tools;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Routing;
using AkkaOcr.ServiceDefaults.Persistence;

namespace AkkaOcr.Jobs;

/// <summary>
/// The single writer of one document job. It admits the job against its owner's cap, keeps a window of
/// pages in flight (rasterized, then read by the cluster's workers through this node's router), records
/// each page once, builds the searchable PDF, and ends the job with one final event. Pages in flight are
/// not journaled: after a crash or a hand-off the entity starts again from its journal and reads the
/// pages that are not recorded, and the tables keep the first result of a page read twice.
/// </summary>
public sealed class DocumentJobActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>Attempts at one page that failed on a worker (time-out, engine failure) before the job fails.</summary>
    public const int MaxPageAttempts = 3;

    /// <summary>How long a finished job's entity stays in memory for the status polls that follow.</summary>
    private static readonly TimeSpan FinishedIdle = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(2);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JobStore _store;
    private readonly PageReader _reader;
    private readonly IActorRef _router;
    private readonly JobSettings _settings;
    private readonly TimeProvider _clock;
    private readonly Dictionary<int, OcrJobId> _inFlight = [];
    private readonly HashSet<int> _waiting = [];
    private readonly Dictionary<int, int> _attempts = [];

    /// <summary>When this incarnation started work or last recorded a page: the stall timeout counts from it.</summary>
    private DateTimeOffset _lastProgress;
    private DocumentJobState _state;
    private ScratchDirectory? _scratch;
    private string? _documentPath;
    private static readonly IReadOnlySet<int> NoPages = new HashSet<int>();
    private IReadOnlySet<int> _pagesWithText = NoPages;
    private bool _loadingDocument;
    private bool _finishing;
    private CancellationTokenSource _work = new();

    public DocumentJobActor(DocumentJobId jobId, JobStore store, PageReader reader, IActorRef router, JobSettings settings, TimeProvider clock)
    {
        _store = store;
        _reader = reader;
        _router = router;
        _settings = settings;
        _clock = clock;
        _state = DocumentJobState.New(jobId);
        PersistenceId = PersistenceIdFor(jobId);

        Recover<IDocumentJobEvent>(@event => _state = _state.Apply(@event));
        Recover<UnreadableEvent>(unreadable => throw new SerializationException(
            $"{PersistenceId} cannot recover: event {LastSequenceNr} ({unreadable.Manifest}) is unreadable: {unreadable.Reason}"));
        Recover<RecoveryCompleted>(_ => Recovered());

        Command<JobCommands.Submit>(Submit);
        Command<JobQueries.GetJob>(query => Sender.Tell(_state.Get(query, started: _inFlight.Count > 0).Reply));
        Command<JobCommands.Delete>(Delete);
        Command<JobCommands.Resume>(_ =>
        {
            // Woken by the keeper with no journal: the node stopped between admitting the job and recording
            // it, so its upload was never accepted. Its row and document are deleted, which frees the place.
            if (!_state.Submitted && !_state.Deleted)
                DeleteData(replyTo: null);
            else
                StartWork();
        });
        Command<JobCommands.Expire>(_ =>
        {
            if (_state.Submitted && !_state.Deleted && !_state.IsActive)
                DeleteData(replyTo: null);
        });
        Command<DocumentLoaded>(Loaded);
        Command<PageOutcome.Stored>(Stored);
        Command<PageOutcome.Retry>(Retry);
        Command<PageOutcome.Unreadable>(unreadable => PageDone(unreadable.Page, () => FailJob(unreadable.Error)));
        Command<RetryPage>(retry =>
        {
            _waiting.Remove(retry.Page);
            Dispatch();
        });
        Command<OutputsBuilt>(_ => Succeed());
        Command<OutputsFailed>(OutputsNotBuilt);
        Command<DataDeleted>(Deleted);
        Command<ReceiveTimeout>(_ =>
        {
            if (!_state.IsActive)
                Context.Parent.Tell(new Passivate(HandOffStop.Instance));
        });
        Command<HandOffStop>(_ => Context.Stop(Self));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => _clock.GetUtcNow();

    public static string PersistenceIdFor(DocumentJobId jobId) => "ocr-job-" + jobId;

    public static Props Props(DocumentJobId jobId, JobStore store, PageReader reader, IActorRef router, JobSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new DocumentJobActor(jobId, store, reader, router, settings, clock));

    protected override void PostStop()
    {
        _work.Cancel();
        _work.Dispose();
        _scratch?.Dispose();
        base.PostStop();
    }

    private void Recovered()
    {
        if (!_state.Submitted)
            return;
        UpdateRow();
        if (_state.IsActive)
            StartWork();
        else
            Context.SetReceiveTimeout(FinishedIdle);
    }

    private void Submit(JobCommands.Submit command)
    {
        if (_state.Submitted || _state.Deleted)
        {
            Sender.Tell(_state.Submit(command, Now).Reply);
            return;
        }
        var replyTo = Sender;
        _store.AdmitAsync(command.JobId, command.OwnerId, command.PageCount, _settings.MaxActiveJobsPerUser, Now, CancellationToken.None)
            .PipeTo(Self, success: admission => new Admission(command, replyTo, admission.Admitted, admission.Active, null),
                failure: e => new Admission(command, replyTo, false, 0, e.GetBaseException().GetType().Name));
        // Nothing else is decided until the owner's cap has answered.
        BecomeStacked(() =>
        {
            Command<Admission>(admission =>
            {
                UnbecomeStacked();
                Stash.UnstashAll();
                Admit(admission);
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void Admit(Admission admission)
    {
        if (admission.Error is not null)
        {
            admission.ReplyTo.Tell(new JobReplies.Unavailable(admission.Command.JobId, "the job store did not answer"));
            return;
        }
        if (!admission.Admitted)
        {
            admission.ReplyTo.Tell(new JobReplies.TooManyActiveJobs(admission.Command.JobId, admission.Active, _settings.MaxActiveJobsPerUser));
            Forget(_store.DeleteDocumentAsync(admission.Command.JobId, CancellationToken.None), "deleting a refused job's document");
            Context.SetReceiveTimeout(FinishedIdle);
            return;
        }
        var decision = _state.Submit(admission.Command, Now);
        PersistAll(decision.Events, @event =>
        {
            _state = _state.Apply(@event);
            admission.ReplyTo.Tell(decision.Reply);
            JobMetrics.JobSubmitted(_state.PageCount);
            StartWork();
        });
    }

    private void Delete(JobCommands.Delete command)
    {
        if (_state.RefuseDelete(command, started: _inFlight.Count > 0) is { } refusal)
        {
            Sender.Tell(refusal);
            return;
        }
        if (_state.IsActive)
        {
            var decision = _state.Cancel(command, Now);
            if (decision.Events.Count == 0)
            {
                Sender.Tell(decision.Reply);
                return;
            }
            var replyTo = Sender;
            StopPagesInFlight();
            PersistAll(decision.Events, @event =>
            {
                _state = _state.Apply(@event);
                // Answered once the owner's row counts the job as finished, so an upload right after the
                // cancel finds its place free.
                Finished("cancelled").PipeTo(replyTo, success: () => decision.Reply, failure: _ => decision.Reply);
            });
            return;
        }
        DeleteData(Sender);
    }

    private void DeleteData(IActorRef? replyTo)
    {
        _store.DeleteJobAsync(_state.JobId, CancellationToken.None)
            .PipeTo(Self, success: () => new DataDeleted(replyTo, null), failure: e => new DataDeleted(replyTo, e.GetBaseException().GetType().Name));
    }

    private void Deleted(DataDeleted deleted)
    {
        if (deleted.Error is not null)
        {
            deleted.ReplyTo?.Tell(new JobReplies.Unavailable(_state.JobId, "the job store did not answer"));
            return;
        }
        if (_state.Deleted)
        {
            deleted.ReplyTo?.Tell(new JobReplies.Deleted(_state.JobId));
            return;
        }
        Persist(_state.Delete(Now), @event =>
        {
            _state = _state.Apply(@event);
            deleted.ReplyTo?.Tell(new JobReplies.Deleted(_state.JobId));
            Context.SetReceiveTimeout(FinishedIdle);
        });
    }

    /// <summary>Fetches the document to a private folder once, then keeps pages in flight.</summary>
    private void StartWork()
    {
        if (!_state.IsActive)
            return;
        if (_documentPath is not null)
        {
            Dispatch();
            return;
        }
        if (_loadingDocument)
            return;
        _lastProgress = Now;
        _loadingDocument = true;
        _scratch ??= new ScratchDirectory();
        var path = Path.Combine(_scratch.Path, "document.pdf");
        if (File.Exists(path))
            File.Delete(path);
        LoadDocumentAsync(path, _state.Options, _work.Token)
            .PipeTo(Self, success: loaded => loaded, failure: e => e.GetBaseException() is DocumentToolException tool
                ? new DocumentLoaded(null, NoPages, null, tool.Message)
                : new DocumentLoaded(null, NoPages, e.GetBaseException().GetType().Name, null));
    }

    /// <summary>The document in a private file, and which of its pages carry text of their own.</summary>
    private async Task<DocumentLoaded> LoadDocumentAsync(string path, JobOptions options, CancellationToken cancellationToken)
    {
        if (!await _store.CopyDocumentToAsync(_state.JobId, path, cancellationToken))
            return new DocumentLoaded(null, NoPages, null, null);
        return new DocumentLoaded(path, await _reader.PagesWithTextAsync(path, options, cancellationToken), null, null);
    }

    private void Loaded(DocumentLoaded loaded)
    {
        _loadingDocument = false;
        if (!_state.IsActive)
            return;
        if (loaded.Error is not null)
        {
            _log.Warning("Job {JobId}: its document could not be read ({Error}); tried again", _state.JobId, loaded.Error);
            Timers.StartSingleTimer(nameof(StartWork), new JobCommands.Resume(_state.JobId), StoreRetry);
            return;
        }
        if (loaded.Unreadable is not null)
        {
            FailJob($"The document's text could not be read: {loaded.Unreadable}");
            return;
        }
        if (loaded.Path is null)
        {
            FailJob("The document is no longer stored.");
            return;
        }
        _documentPath = loaded.Path;
        _pagesWithText = loaded.PagesWithText;
        Dispatch();
    }

    private void Dispatch()
    {
        if (!_state.IsActive || _documentPath is null || _finishing)
            return;
        if (_state.AllPagesDone)
        {
            BuildOutputs();
            return;
        }
        foreach (var page in _state.PendingPages)
        {
            if (_inFlight.Count >= _settings.PagesInFlightPerJob)
                break;
            if (_inFlight.ContainsKey(page) || _waiting.Contains(page))
                continue;
            var requestId = OcrJobId.New();
            _inFlight[page] = requestId;
            _reader.ReadAsync(_state.JobId, _documentPath, page, _state.Options, _pagesWithText.Contains(page), requestId, _work.Token).PipeTo(Self);
        }
    }

    private void Stored(PageOutcome.Stored stored) => PageDone(stored.Page, () =>
    {
        var events = _state.RecordPage(stored.Page, stored.Confidence, Now);
        if (events.Count == 0)
        {
            Dispatch();
            return;
        }
        PersistAll(events, @event =>
        {
            _state = _state.Apply(@event);
            _lastProgress = Now;
            JobMetrics.PageRecorded();
            UpdateRow();
            Dispatch();
        });
    });

    private void Retry(PageOutcome.Retry retry) => PageDone(retry.Page, () =>
    {
        if (!_state.IsActive)
            return;
        var attempts = _attempts.GetValueOrDefault(retry.Page) + (retry.CountsAsAttempt ? 1 : 0);
        _attempts[retry.Page] = attempts;
        if (attempts >= MaxPageAttempts)
        {
            FailJob($"Page {retry.Page} could not be read after {attempts} attempts: {retry.Reason}.");
            return;
        }
        if (Now - _lastProgress >= _settings.JobStallTimeout)
        {
            FailJob($"No page was read for {_settings.JobStallTimeout}; the last reason: {retry.Reason}.");
            return;
        }
        _log.Info("Job {JobId}: page {Page} is tried again: {Reason}", _state.JobId, retry.Page, retry.Reason);
        _waiting.Add(retry.Page);
        Timers.StartSingleTimer((nameof(RetryPage), retry.Page), new RetryPage(retry.Page), retry.After < StoreRetry / 20 ? StoreRetry / 20 : retry.After);
    });

    /// <summary>An outcome for a page frees its place in the window, unless it belongs to work already stopped.</summary>
    private void PageDone(int page, Action then)
    {
        if (!_inFlight.Remove(page))
            return;
        then();
    }

    private void BuildOutputs()
    {
        _finishing = true;
        var documentPath = _documentPath!;
        var output = Path.Combine(_scratch!.Path, "searchable.pdf");
        BuildSearchablePdfAsync(documentPath, output, _work.Token)
            .PipeTo(Self, success: () => new OutputsBuilt(), failure: e => new OutputsFailed(e.GetBaseException()));
    }

    private async Task BuildSearchablePdfAsync(string documentPath, string output, CancellationToken cancellationToken)
    {
        var pages = await _store.ReadPagesAsync(_state.JobId, withTextLayers: true, cancellationToken);
        var layers = pages.Where(page => page.TextLayer is { Length: > 0 }).Select(page => new PageTextLayer(page.Page, page.TextLayer!, page.UprightTurn)).ToList();
        if (File.Exists(output))
            File.Delete(output);
        if (layers.Count == 0)
            File.Copy(documentPath, output);
        else
            await SearchablePdf.BuildAsync(documentPath, layers, output, ToolLimits.Default with { Timeout = _settings.ToolTimeout * 4 }, cancellationToken);
        await _store.SaveOutputAsync(_state.JobId, JobOutputs.Pdf, await File.ReadAllBytesAsync(output, cancellationToken), cancellationToken);
    }

    private void OutputsNotBuilt(OutputsFailed failed)
    {
        _finishing = false;
        if (failed.Cause is DocumentToolException tool)
        {
            FailJob($"The searchable PDF could not be built: {tool.Message}");
            return;
        }
        _log.Warning("Job {JobId}: storing its outputs failed ({Error}); tried again", _state.JobId, failed.Cause.GetType().Name);
        Timers.StartSingleTimer(nameof(BuildOutputs), new JobCommands.Resume(_state.JobId), StoreRetry);
    }

    private void Succeed()
    {
        var events = _state.Succeed(Now);
        PersistAll(events.Select(@event => (object)new Tagged(@event, [JournalTags.Mail])), tagged =>
        {
            _state = _state.Apply((IDocumentJobEvent)((Tagged)tagged).Payload);
            Finished("succeeded");
        });
    }

    private void FailJob(string error)
    {
        var events = _state.Fail(error, Now);
        if (events.Count == 0)
            return;
        StopPagesInFlight();
        _log.Warning("Job {JobId} failed: {Error}", _state.JobId, error);
        PersistAll(events, @event =>
        {
            _state = _state.Apply(@event);
            Finished("failed");
        });
    }

    /// <summary>Stops what is running for the job: the tools, and the pages on workers, which are then free for other work.</summary>
    private void StopPagesInFlight()
    {
        foreach (var requestId in _inFlight.Values)
            _router.Tell(new OcrRouting.Cancel(requestId));
        _inFlight.Clear();
        _waiting.Clear();
        _work.Cancel();
        _work.Dispose();
        _work = new CancellationTokenSource();
    }

    /// <returns>The write of the job's final row.</returns>
    private Task Finished(string outcome)
    {
        JobMetrics.JobFinished(outcome);
        var row = UpdateRow();
        _scratch?.Dispose();
        _scratch = null;
        _documentPath = null;
        Context.SetReceiveTimeout(FinishedIdle);
        return row;
    }

    /// <summary>The job's row follows its entity; a write that fails is made good by the next one, or on recovery.</summary>
    private Task UpdateRow() => Forget(_store.UpdateAsync(_state.View(), CancellationToken.None), "updating the job's row");

    private Task Forget(Task write, string what)
    {
        var log = _log;
        var jobId = _state.JobId;
        write.ContinueWith(failed => log.Warning("Job {JobId}: {What} failed ({Error})", jobId, what, failed.Exception?.GetBaseException().GetType().Name),
            TaskContinuationOptions.OnlyOnFaulted);
        return write;
    }

    /// <summary>How sharding stops this entity on hand-off and passivation; local only.</summary>
    public sealed class HandOffStop
    {
        public static readonly HandOffStop Instance = new();

        private HandOffStop()
        {
        }
    }

    private sealed record Admission(JobCommands.Submit Command, IActorRef ReplyTo, bool Admitted, int Active, string? Error);

    /// <param name="Error">The store failed: tried again.</param>
    /// <param name="Unreadable">A tool failed on the document: the job fails.</param>
    private sealed record DocumentLoaded(string? Path, IReadOnlySet<int> PagesWithText, string? Error, string? Unreadable);

    private sealed record RetryPage(int Page);

    private sealed record OutputsBuilt;

    private sealed record OutputsFailed(Exception Cause);

    private sealed record DataDeleted(IActorRef? ReplyTo, string? Error);
}
