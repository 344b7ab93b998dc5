namespace AkkaOcr.Messages.Users;

/// <summary>What a state-changing request did; with the entity's state, enough to answer a copy of it again.</summary>
public enum RequestOutcome
{
    Registered,
    EmailVerified,
    OtpAttemptFailed,
    OcrResultRecorded,
}

/// <summary>A request a user entity applied, remembered by its id so that a copy of it is answered, not applied again.</summary>
public sealed record HandledRequest(Guid RequestId, RequestOutcome Outcome);
