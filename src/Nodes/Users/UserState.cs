using System.Collections.Immutable;
using AkkaOcr.Messages.Users;

namespace AkkaOcr.Users;

/// <summary>The answer to a command and the events that must be persisted before it is given.</summary>
public sealed record UserDecision(object Reply, IReadOnlyList<IUserEvent> Events)
{
    public static UserDecision Answer(object reply) => new(reply, []);
}

/// <summary>An issued one-time code as the entity remembers it: the keyed hash only.</summary>
public sealed record PendingOtp(byte[] CodeHash, DateTimeOffset ExpiresAt, int WrongAttempts, bool Used)
{
    public bool IsDead => WrongAttempts >= OtpPolicy.MaxWrongAttempts;
}

/// <summary>
/// One account, keyed by its normalized e-mail address. Pure: every decision is a function of the
/// state, the command and the time given, so the rules are tested without actors or a clock.
/// </summary>
public sealed record UserState(
    string Email,
    UserId? Id,
    string Name,
    string PasswordHash,
    DateTimeOffset DateCreated,
    bool IsVerified,
    PendingOtp? Otp,
    ImmutableList<DateTimeOffset> RecentOtpIssues,
    ImmutableList<HandledRequest> HandledRequests)
{
    /// <summary>
    /// How many applied requests are remembered for answering copies. A copy comes within the gateway's
    /// Ask timeout (seconds), long before one user sends this many newer state-changing requests.
    /// </summary>
    public const int RememberedRequests = 32;

    public static UserState Unregistered(string email) => new(email, null, "", "", default, false, null, [], []);

    public bool IsRegistered => Id is not null;

    public UserDecision Register(UserCommands.Register command, UserId newId, DateTimeOffset now) =>
        AnswerToCopy(command.RequestId) is { } first ? UserDecision.Answer(first)
        : IsRegistered ? UserDecision.Answer(new UserReplies.EmailTaken(Email))
        : new UserDecision(new UserReplies.Registered(newId, Email, command.Name, now),
            [new UserEvents.UserRegistered(newId, Email, command.Name, command.PasswordHash, now, command.RequestId)]);

    /// <summary>
    /// Issues a code when the account exists, is unverified and is outside its cooldown and hourly cap.
    /// The reply is the same in every case, so it reveals nothing about the address.
    /// </summary>
    /// <param name="issue">Makes the keyed hash and the sealed code of a fresh code; called only when one is issued.</param>
    public UserDecision RequestOtp(DateTimeOffset now, Func<(byte[] CodeHash, byte[] SealedCode)> issue)
    {
        var accepted = new UserReplies.OtpRequestAccepted(Email);
        if (!IsRegistered || IsVerified)
            return UserDecision.Answer(accepted);
        var lastHour = RecentOtpIssues.Where(at => at > now - TimeSpan.FromHours(1)).ToList();
        if (lastHour.Count >= OtpPolicy.MaxIssuesPerHour || lastHour.Any(at => at > now - OtpPolicy.ResendCooldown))
            return UserDecision.Answer(accepted);
        var (codeHash, sealedCode) = issue();
        return new UserDecision(accepted, [new UserEvents.OtpIssued(codeHash, sealedCode, now, now + OtpPolicy.Validity)]);
    }

    /// <summary>Checks an offered code by its keyed hash. Every failure gets the same reply.</summary>
    public UserDecision VerifyOtp(Guid requestId, byte[] offeredHash, DateTimeOffset now)
    {
        if (AnswerToCopy(requestId) is { } first)
            return UserDecision.Answer(first);
        var rejected = new UserReplies.OtpRejected(Email);
        if (!IsRegistered || IsVerified || Otp is null || Otp.Used || Otp.IsDead || now >= Otp.ExpiresAt)
            return UserDecision.Answer(rejected);
        return OtpCodes.Matches(Otp.CodeHash, offeredHash)
            ? new UserDecision(new UserReplies.OtpVerified(Email), [new UserEvents.EmailVerified(now, requestId)])
            : new UserDecision(rejected, [new UserEvents.OtpAttemptFailed(now, requestId)]);
    }

    /// <summary>Records a finished recognition for its mail; only a registered, verified user can have one.</summary>
    /// <param name="seal">Encrypts the text for the journal; called only when the event is persisted.</param>
    public UserDecision RecordOcrResult(UserCommands.RecordOcrResult command, DateTimeOffset now, Func<string, byte[]> seal) =>
        AnswerToCopy(command.RequestId) is { } first ? UserDecision.Answer(first)
        : IsRegistered && IsVerified
            ? new UserDecision(new UserReplies.OcrResultRecorded(Email),
                [new UserEvents.OcrCompleted(seal(command.Text), command.FullTextLength, command.MeanConfidence, now, command.RequestId)])
            : UserDecision.Answer(new UserReplies.UserNotFound(Email));

    /// <summary>
    /// The first answer to a request this entity already applied, or null for a request it has not. Only
    /// requests that wrote an event are remembered: one that wrote none changed nothing, so deciding it
    /// again gives the same answer.
    /// </summary>
    public object? AnswerToCopy(Guid requestId) =>
        (requestId == Guid.Empty ? null : HandledRequests.Find(handled => handled.RequestId == requestId))?.Outcome switch
        {
            null => null,
            RequestOutcome.Registered => new UserReplies.Registered(Id!.Value, Email, Name, DateCreated),
            RequestOutcome.EmailVerified => new UserReplies.OtpVerified(Email),
            RequestOutcome.OtpAttemptFailed => new UserReplies.OtpRejected(Email),
            RequestOutcome.OcrResultRecorded => new UserReplies.OcrResultRecorded(Email),
            RequestOutcome.PasswordRehashed => new UserReplies.LoginRecorded(Email),
            var outcome => throw new ArgumentOutOfRangeException(nameof(requestId), outcome, "unknown request outcome"),
        };

    /// <summary>
    /// Replaces the password's hash with a costlier one of the same password, made by the gateway on a successful
    /// login. Nothing to do for an unregistered address, or for a copy of a request already applied.
    /// </summary>
    public UserDecision RehashPassword(UserCommands.LoginSucceeded command, DateTimeOffset now) =>
        AnswerToCopy(command.RequestId) is { } first ? UserDecision.Answer(first)
        : IsRegistered && command.RehashedPassword is { Length: > 0 } hash && hash != PasswordHash
            ? new UserDecision(new UserReplies.LoginRecorded(Email), [new UserEvents.PasswordRehashed(hash, now, command.RequestId)])
            : UserDecision.Answer(new UserReplies.LoginRecorded(Email));

    public object Credentials() => IsRegistered
        ? new UserReplies.Credentials(Id!.Value, Email, Name, PasswordHash, IsVerified)
        : new UserReplies.UserNotFound(Email);

    public object Profile() => IsRegistered
        ? new UserReplies.Profile(Id!.Value, Email, Name, IsVerified, DateCreated)
        : new UserReplies.UserNotFound(Email);

    public UserState Apply(IUserEvent @event) => @event switch
    {
        UserEvents.UserRegistered e => this with
        {
            Id = e.UserId, Name = e.Name, PasswordHash = e.PasswordHash, DateCreated = e.At,
            HandledRequests = Remember(e.RequestId, RequestOutcome.Registered),
        },
        UserEvents.OtpIssued e => this with
        {
            Otp = new PendingOtp(e.CodeHash, e.ExpiresAt, 0, false),
            // Only the last hour matters for the cap; older entries are dropped so the state stays small.
            RecentOtpIssues = RecentOtpIssues.RemoveAll(at => at <= e.IssuedAt - TimeSpan.FromHours(1)).Add(e.IssuedAt),
        },
        UserEvents.PasswordRehashed e => this with
        {
            PasswordHash = e.PasswordHash, HandledRequests = Remember(e.RequestId, RequestOutcome.PasswordRehashed),
        },
        UserEvents.OtpAttemptFailed e => this with
        {
            Otp = Otp is null ? null : Otp with { WrongAttempts = Otp.WrongAttempts + 1 },
            HandledRequests = Remember(e.RequestId, RequestOutcome.OtpAttemptFailed),
        },
        UserEvents.EmailVerified e => this with
        {
            IsVerified = true, Otp = Otp is null ? null : Otp with { Used = true },
            HandledRequests = Remember(e.RequestId, RequestOutcome.EmailVerified),
        },
        // Only the request is remembered: the event exists for its mail.
        UserEvents.OcrCompleted e => this with { HandledRequests = Remember(e.RequestId, RequestOutcome.OcrResultRecorded) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "unknown user event"),
    };

    private ImmutableList<HandledRequest> Remember(Guid? requestId, RequestOutcome outcome) =>
        requestId is not { } id || id == Guid.Empty ? HandledRequests
        : (HandledRequests.Count >= RememberedRequests ? HandledRequests.RemoveAt(0) : HandledRequests).Add(new HandledRequest(id, outcome));

    public UserSnapshot ToSnapshot() => new(Id ?? default, Email, Name, PasswordHash, DateCreated, IsVerified,
        Otp?.CodeHash, Otp?.ExpiresAt, Otp?.WrongAttempts ?? 0, Otp?.Used ?? false, RecentOtpIssues, HandledRequests);

    public static UserState FromSnapshot(UserSnapshot snapshot) => new(
        snapshot.Email,
        snapshot.UserId == default ? null : snapshot.UserId,
        snapshot.Name,
        snapshot.PasswordHash,
        snapshot.DateCreated,
        snapshot.IsVerified,
        snapshot is { OtpHash: not null, OtpExpiresAt: not null }
            ? new PendingOtp(snapshot.OtpHash, snapshot.OtpExpiresAt.Value, snapshot.OtpWrongAttempts, snapshot.OtpUsed)
            : null,
        [.. snapshot.RecentOtpIssues],
        [.. snapshot.HandledRequests ?? []]);
}
