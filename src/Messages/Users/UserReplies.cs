using System.Text;

namespace AkkaOcr.Messages.Users;

/// <summary>Every answer a user entity gives; the gateway maps each to one HTTP status.</summary>
public static class UserReplies
{
    public sealed record Registered(UserId UserId, string Email, string Name, DateTimeOffset DateCreated) : IAkkaOcrMessage;

    public sealed record EmailTaken(string Email) : IAkkaOcrMessage;

    /// <summary>
    /// The one answer to an OTP request, whether a code was sent or not, so that it tells nothing
    /// about the address.
    /// </summary>
    public sealed record OtpRequestAccepted(string Email) : IAkkaOcrMessage;

    public sealed record OtpVerified(string Email) : IAkkaOcrMessage;

    /// <summary>Wrong, expired, used or dead code, or an unknown address: deliberately one answer.</summary>
    public sealed record OtpRejected(string Email) : IAkkaOcrMessage;

    public sealed record Credentials(UserId UserId, string Email, string Name, [property: Secret] string PasswordHash, bool IsVerified)
        : IAkkaOcrMessage
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"UserId = {UserId}, Email = {Email}, Name = {Name}, PasswordHash = {SecretAttribute.Placeholder}, ");
            builder.Append($"IsVerified = {IsVerified}");
            return true;
        }
    }

    public sealed record Profile(UserId UserId, string Email, string Name, bool IsVerified, DateTimeOffset DateCreated)
        : IAkkaOcrMessage;

    /// <summary>The result is in the user's journal; its mail will follow.</summary>
    public sealed record OcrResultRecorded(string Email) : IAkkaOcrMessage;

    public sealed record UserNotFound(string Email) : IAkkaOcrMessage;

    /// <summary>
    /// The account had too many failed logins lately; the next attempt is let through after <paramref name="RetryAfter"/>.
    /// Known and unknown addresses are throttled alike, so this tells nothing about the address.
    /// </summary>
    public sealed record LoginDelayed(string Email, TimeSpan RetryAfter) : IAkkaOcrMessage;

    /// <summary>The successful login is recorded (and the password's new hash stored, if one came with it).</summary>
    public sealed record LoginRecorded(string Email) : IAkkaOcrMessage;
}
