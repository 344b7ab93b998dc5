namespace AkkaOcr.Messages.Users;

/// <summary>What a state-changing request did; with the entity's state, enough to answer a copy of it again.</summary>
public enum RequestOutcome
{
    Registered,
    EmailVerified,
    OtpAttemptFailed,
    OcrResultRecorded,
    PasswordRehashed,
}
