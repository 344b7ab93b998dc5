namespace AkkaOcr.Messages.Users;

/// <summary>A user entity's whole state, saved every so many events so recovery replays only the tail.</summary>
public sealed record UserSnapshot(
    UserId UserId,
    string Email,
    string Name,
    string PasswordHash,
    DateTimeOffset DateCreated,
    bool IsVerified,
    byte[]? OtpHash,
    DateTimeOffset? OtpExpiresAt,
    int OtpWrongAttempts,
    bool OtpUsed,
    IReadOnlyList<DateTimeOffset> RecentOtpIssues,
    IReadOnlyList<HandledRequest>? HandledRequests = null) : IAkkaOcrMessage;
