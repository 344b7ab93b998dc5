using System.Text;

namespace AkkaOcr.Messages.Users;

/// <summary>A fact in a user's journal.</summary>
public interface IUserEvent : IAkkaOcrMessage;

/// <summary>
/// Facts in a user's journal. Each is versioned through its serializer manifest; a change of shape
/// gets a new record and manifest, and the old one stays readable. An added optional property is not a
/// change of shape: payloads written before it read as its default.
/// </summary>
/// <remarks>
/// <c>RequestId</c> is the id of the request that caused the event (null in events written before it
/// existed); the entity remembers the latest ones to answer copies of a request (<see cref="IWithRequestId"/>).
/// </remarks>
public static class UserEvents
{
    public sealed record UserRegistered(
        UserId UserId, string Email, string Name, [property: Secret] string PasswordHash, DateTimeOffset At, Guid? RequestId = null)
        : IUserEvent
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"UserId = {UserId}, Email = {Email}, Name = {Name}, PasswordHash = {SecretAttribute.Placeholder}, ");
            builder.Append($"At = {At}, RequestId = {RequestId}");
            return true;
        }
    }

    /// <summary>
    /// A one-time code was issued. Only its keyed hash is kept for checking; the code itself travels
    /// AES-GCM encrypted so that the mail outbox can put it in the mail. Tagged <c>mail</c>.
    /// </summary>
    public sealed record OtpIssued(
        [property: Secret] byte[] CodeHash, [property: Secret] byte[] EncryptedCode, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
        : IUserEvent
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"CodeHash = {SecretAttribute.Placeholder}, EncryptedCode = {SecretAttribute.Placeholder}, ");
            builder.Append($"IssuedAt = {IssuedAt}, ExpiresAt = {ExpiresAt}");
            return true;
        }
    }

    /// <summary>
    /// The password's hash was replaced by one of the same password at a higher cost, on a successful login.
    /// </summary>
    public sealed record PasswordRehashed([property: Secret] string PasswordHash, DateTimeOffset At, Guid? RequestId = null) : IUserEvent
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"PasswordHash = {SecretAttribute.Placeholder}, At = {At}, RequestId = {RequestId}");
            return true;
        }
    }

    public sealed record OtpAttemptFailed(DateTimeOffset At, Guid? RequestId = null) : IUserEvent;

    public sealed record EmailVerified(DateTimeOffset At, Guid? RequestId = null) : IUserEvent;

    /// <summary>
    /// An image of this user was read. The (capped) text travels AES-GCM encrypted like a code, since
    /// it is the user's document; the outbox decrypts it to mail it. Tagged <c>mail</c>.
    /// </summary>
    public sealed record OcrCompleted(
        [property: Secret] byte[] EncryptedText, int FullTextLength, float MeanConfidence, DateTimeOffset At, Guid? RequestId = null)
        : IUserEvent
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"EncryptedText = {SecretAttribute.Placeholder}, FullTextLength = {FullTextLength}, ");
            builder.Append($"MeanConfidence = {MeanConfidence}, At = {At}, RequestId = {RequestId}");
            return true;
        }
    }
}
