using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Messages.Users;
using AkkaOcr.ServiceDefaults.Persistence;

namespace AkkaOcr.Users;

/// <summary>
/// The single writer for one e-mail address. Thin on purpose: decisions come from <see cref="UserState"/>;
/// this actor persists their events, then answers. A mail-bearing event is tagged for the outbox.
/// </summary>
public sealed class UserActor : ReceivePersistentActor, IWithTimers
{
    public const string MailTag = JournalTags.Mail;
    public const int SnapshotEvery = 50;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly OtpCodes _codes;
    private readonly TimeProvider _clock;
    private UserState _state;
    private LoginAttempts _logins = LoginAttempts.None;
    private int _eventsSinceSnapshot;

    /// <summary>OCR results being written without blocking: the state learns of their requests only once written.</summary>
    private readonly HashSet<Guid> _ocrResultsBeingWritten = [];

    public UserActor(string email, OtpCodes codes, TimeProvider clock)
    {
        _codes = codes;
        _clock = clock;
        _state = UserState.Unregistered(email);
        PersistenceId = PersistenceIdFor(email);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is UserSnapshot snapshot)
                _state = UserState.FromSnapshot(snapshot);
            _eventsSinceSnapshot = 0;
        });
        Recover<IUserEvent>(@event =>
        {
            _state = _state.Apply(@event);
            _eventsSinceSnapshot++;
        });
        // Skipping an event would rebuild a state that never was (a code still valid, an address not
        // verified): the entity refuses to start instead, and says which event stopped it.
        Recover<UnreadableEvent>(unreadable => throw new SerializationException(
            $"{PersistenceId} cannot recover: event {LastSequenceNr} ({unreadable.Manifest}) is unreadable: {unreadable.Reason}"));

        Command<UserCommands.Register>(command => PersistDecision(_state.Register(command, UserId.New(), Now)));
        Command<UserCommands.RequestOtp>(_ => PersistDecision(_state.RequestOtp(Now, () =>
        {
            var code = OtpCodes.NewCode();
            return (_codes.Hash(_state.Email, code), _codes.Seal(_state.Email, code));
        })));
        Command<UserCommands.VerifyOtp>(command => PersistDecision(_state.VerifyOtp(command.RequestId, _codes.Hash(_state.Email, command.Code), Now)));
        // An OCR result changes no state, so while it is written the user's next commands need not wait:
        // one busy user's uploads are written in batches instead of one round trip after another.
        Command<UserCommands.RecordOcrResult>(RecordOcrResult);
        // During a hand-off the shard still delivers messages that were already on their way to this
        // entity; stopping at once would drop them (a 503 for their senders). So the entity serves a short
        // grace first. That is safe: the shard finishes the hand-off, and the entity can start on another
        // node, only once this one has stopped. Deferred behind any write still in flight.
        Command<HandOffStop>(stop => DeferAsync(stop, _ =>
            Timers.StartSingleTimer(nameof(StopAfterGrace), StopAfterGrace.Instance, HandOffGrace)));
        Command<StopAfterGrace>(stop => DeferAsync(stop, _ => Context.Stop(Self)));
        Command<UserQueries.GetCredentials>(_ => Answer(_state.Credentials()));
        Command<UserCommands.BeginLogin>(BeginLogin);
        Command<UserCommands.LoginSucceeded>(command =>
        {
            _logins = LoginAttempts.Succeeded();
            PersistDecision(_state.RehashPassword(command, Now));
        });
        Command<UserQueries.GetProfile>(_ => Answer(_state.Profile()));
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure =>
            _log.Warning(failure.Cause, "Snapshot of {PersistenceId} failed; recovery replays more events", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure =>
            _log.Warning(failure.Cause, "Deleting old snapshots of {PersistenceId} failed", PersistenceId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// How sharding stops an entity on hand-off and passivation. Unlike a PoisonPill, which stops the
    /// actor at once, it waits in line behind commands still being persisted, so their replies are sent.
    /// Local only: sharding sends it from the shard to its own entities.
    /// </summary>
    public sealed class HandOffStop
    {
        public static readonly HandOffStop Instance = new();

        private HandOffStop()
        {
        }
    }

    /// <summary>Long enough for messages already in flight to the shard to arrive; short against the 60 s hand-off timeout.</summary>
    private static readonly TimeSpan HandOffGrace = TimeSpan.FromSeconds(1);

    private sealed class StopAfterGrace
    {
        public static readonly StopAfterGrace Instance = new();
    }

    private const string PersistenceIdPrefix = "user-";

    public static string PersistenceIdFor(string email) => PersistenceIdPrefix + email;

    public static string EmailOf(string persistenceId) =>
        persistenceId.StartsWith(PersistenceIdPrefix, StringComparison.Ordinal)
            ? persistenceId[PersistenceIdPrefix.Length..]
            : throw new ArgumentException($"'{persistenceId}' is not a user's persistence id", nameof(persistenceId));

    public static Props Props(string email, OtpCodes codes, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new UserActor(email, codes, clock));

    private DateTimeOffset Now => _clock.GetUtcNow();

    private void RecordOcrResult(UserCommands.RecordOcrResult command)
    {
        if (_ocrResultsBeingWritten.Contains(command.RequestId))
        {
            // A copy of a result still being written: answered once that write is done, as the first is.
            var replyTo = Sender;
            DeferAsync(new UserReplies.OcrResultRecorded(_state.Email), reply => replyTo.Tell(reply));
            return;
        }

        var decision = _state.RecordOcrResult(command, Now, text => _codes.Seal(_state.Email, text));
        if (decision.Events.Count > 0)
            _ocrResultsBeingWritten.Add(command.RequestId);
        PersistDecision(decision, blocking: false, written: () => _ocrResultsBeingWritten.Remove(command.RequestId));
    }

    /// <summary>Unknown addresses are counted and throttled too: the answers must not tell them from known ones.</summary>
    private void BeginLogin(UserCommands.BeginLogin command)
    {
        var (letThrough, wait, next) = _logins.Begin(command.RequestId, Now);
        _logins = next;
        if (letThrough)
        {
            Answer(_state.Credentials());
            return;
        }
        _log.Debug("Login for {Email} delayed {Wait} after {Failures} failed attempts", _state.Email, wait, _logins.Failures);
        Answer(new UserReplies.LoginDelayed(_state.Email, wait));
    }

    private void Answer(object reply)
    {
        UserMetrics.MessageAnswered("query");
        Sender.Tell(reply);
    }

    /// <param name="blocking">
    /// False only for events that change no state: then other commands are handled while they are written.
    /// </param>
    /// <param name="written">Called once every event is written and applied.</param>
    private void PersistDecision(UserDecision decision, bool blocking = true, Action? written = null)
    {
        UserMetrics.MessageAnswered("command");
        if (decision.Events.Count == 0)
        {
            Sender.Tell(decision.Reply);
            return;
        }

        var replyTo = Sender;
        var remaining = decision.Events.Count;
        Action<object> handler = persisted =>
        {
            _state = _state.Apply(persisted is Tagged tagged ? (IUserEvent)tagged.Payload : (IUserEvent)persisted);
            _eventsSinceSnapshot++;
            if (--remaining > 0)
                return;
            written?.Invoke();
            replyTo.Tell(decision.Reply);
            if (_eventsSinceSnapshot >= SnapshotEvery)
            {
                SaveSnapshot(_state.ToSnapshot());
                _eventsSinceSnapshot = 0;
            }
        };
        if (blocking)
            PersistAll(decision.Events.Select(Tag), handler);
        else
            PersistAllAsync(decision.Events.Select(Tag), handler);
    }

    private static object Tag(IUserEvent @event) =>
        @event is UserEvents.OtpIssued or UserEvents.OcrCompleted ? new Tagged(@event, [MailTag]) : @event;
}
