using System.Collections.Immutable;
using AkkaOcr.Messages.Users;

namespace AkkaOcr.Nodes.Users;

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
    ImmutableList<DateTimeOffset> RecentOtpIssues)
{
    public static UserState Unregistered(string email) => new(email, null, "", "", default, false, null, []);

    public bool IsRegistered => Id is not null;

    public UserDecision Register(UserCommands.Register command, UserId newId, DateTimeOffset now) =>
        IsRegistered
            ? UserDecision.Answer(new UserReplies.EmailTaken(Email))
            : new UserDecision(new UserReplies.Registered(newId, Email, command.Name, now),
                [new UserEvents.UserRegistered(newId, Email, command.Name, command.PasswordHash, now)]);

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
    public UserDecision VerifyOtp(byte[] offeredHash, DateTimeOffset now)
    {
        var rejected = new UserReplies.OtpRejected(Email);
        if (!IsRegistered || IsVerified || Otp is null || Otp.Used || Otp.IsDead || now >= Otp.ExpiresAt)
            return UserDecision.Answer(rejected);
        return OtpCodes.Matches(Otp.CodeHash, offeredHash)
            ? new UserDecision(new UserReplies.OtpVerified(Email), [new UserEvents.EmailVerified(now)])
            : new UserDecision(rejected, [new UserEvents.OtpAttemptFailed(now)]);
    }

    /// <summary>Records a finished recognition for its mail; only a registered, verified user can have one.</summary>
    /// <param name="seal">Encrypts the text for the journal; called only when the event is persisted.</param>
    public UserDecision RecordOcrResult(UserCommands.RecordOcrResult command, DateTimeOffset now, Func<string, byte[]> seal) =>
        IsRegistered && IsVerified
            ? new UserDecision(new UserReplies.OcrResultRecorded(Email),
                [new UserEvents.OcrCompleted(seal(command.Text), command.FullTextLength, command.MeanConfidence, now)])
            : UserDecision.Answer(new UserReplies.UserNotFound(Email));

    public object Credentials() => IsRegistered
        ? new UserReplies.Credentials(Id!.Value, Email, Name, PasswordHash, IsVerified)
        : new UserReplies.UserNotFound(Email);

    public object Profile() => IsRegistered
        ? new UserReplies.Profile(Id!.Value, Email, Name, IsVerified, DateCreated)
        : new UserReplies.UserNotFound(Email);

    public UserState Apply(IUserEvent @event) => @event switch
    {
        UserEvents.UserRegistered e => this with { Id = e.UserId, Name = e.Name, PasswordHash = e.PasswordHash, DateCreated = e.At },
        UserEvents.OtpIssued e => this with
        {
            Otp = new PendingOtp(e.CodeHash, e.ExpiresAt, 0, false),
            // Only the last hour matters for the cap; older entries are dropped so the state stays small.
            RecentOtpIssues = RecentOtpIssues.RemoveAll(at => at <= e.IssuedAt - TimeSpan.FromHours(1)).Add(e.IssuedAt),
        },
        UserEvents.OtpAttemptFailed => Otp is null ? this : this with { Otp = Otp with { WrongAttempts = Otp.WrongAttempts + 1 } },
        UserEvents.EmailVerified => this with { IsVerified = true, Otp = Otp is null ? null : Otp with { Used = true } },
        // Nothing to remember: the event exists for its mail.
        UserEvents.OcrCompleted => this,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "unknown user event"),
    };

    public UserSnapshot ToSnapshot() => new(Id ?? default, Email, Name, PasswordHash, DateCreated, IsVerified,
        Otp?.CodeHash, Otp?.ExpiresAt, Otp?.WrongAttempts ?? 0, Otp?.Used ?? false, RecentOtpIssues);

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
        [.. snapshot.RecentOtpIssues]);
}
