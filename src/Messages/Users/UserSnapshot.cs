using System.Text;

namespace AkkaOcr.Messages.Users;

/// <summary>A user entity's whole state, saved every so many events so recovery replays only the tail.</summary>
public sealed record UserSnapshot(
    UserId UserId,
    string Email,
    string Name,
    [property: Secret] string PasswordHash,
    DateTimeOffset DateCreated,
    bool IsVerified,
    [property: Secret] byte[]? OtpHash,
    DateTimeOffset? OtpExpiresAt,
    int OtpWrongAttempts,
    bool OtpUsed,
    IReadOnlyList<DateTimeOffset> RecentOtpIssues,
    IReadOnlyList<HandledRequest>? HandledRequests = null) : IAkkaOcrMessage
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"UserId = {UserId}, Email = {Email}, Name = {Name}, PasswordHash = {SecretAttribute.Placeholder}, ");
        builder.Append($"DateCreated = {DateCreated}, IsVerified = {IsVerified}, OtpHash = {SecretAttribute.Placeholder}, ");
        builder.Append($"OtpExpiresAt = {OtpExpiresAt}, OtpWrongAttempts = {OtpWrongAttempts}, OtpUsed = {OtpUsed}, ");
        builder.Append($"RecentOtpIssues = {RecentOtpIssues}, HandledRequests = {HandledRequests}");
        return true;
    }
}
