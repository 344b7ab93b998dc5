namespace AkkaOcr.Messages.Users;

/// <summary>A fact in a user's journal.</summary>
public interface IUserEvent : IAkkaOcrMessage;

/// <summary>
/// Facts in a user's journal. Each is versioned through its serializer manifest; a change of shape
/// gets a new record and manifest, and the old one stays readable.
/// </summary>
public static class UserEvents
{
    public sealed record UserRegistered(UserId UserId, string Email, string Name, string PasswordHash, DateTimeOffset At)
        : IUserEvent;

    /// <summary>
    /// A one-time code was issued. Only its keyed hash is kept for checking; the code itself travels
    /// AES-GCM encrypted so that the mail outbox can put it in the mail. Tagged <c>mail</c>.
    /// </summary>
    public sealed record OtpIssued(byte[] CodeHash, byte[] EncryptedCode, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
        : IUserEvent;

    public sealed record OtpAttemptFailed(DateTimeOffset At) : IUserEvent;

    public sealed record EmailVerified(DateTimeOffset At) : IUserEvent;

    /// <summary>
    /// An image of this user was read. The (capped) text travels AES-GCM encrypted like a code, since
    /// it is the user's document; the outbox decrypts it to mail it. Tagged <c>mail</c>.
    /// </summary>
    public sealed record OcrCompleted(byte[] EncryptedText, int FullTextLength, float MeanConfidence, DateTimeOffset At)
        : IUserEvent;
}
