namespace AkkaOcr.Messages.Users;

/// <summary>Requests that may change a user entity's state.</summary>
public static class UserCommands
{
    /// <summary>
    /// Creates the account. The password arrives already hashed: the clear password never leaves the gateway.
    /// </summary>
    public sealed record Register(string Email, string Name, string PasswordHash) : IWithEmail;

    /// <summary>Asks for a fresh one-time code to be mailed, subject to cooldown and hourly cap.</summary>
    public sealed record RequestOtp(string Email) : IWithEmail;

    /// <summary>Offers a one-time code, already normalized to six digits.</summary>
    public sealed record VerifyOtp(string Email, string Code) : IWithEmail;

    /// <summary>
    /// Records a finished recognition so that the user is mailed its text, as the demo did. The text
    /// is already capped to what a mail carries.
    /// </summary>
    public sealed record RecordOcrResult(string Email, string Text, int FullTextLength, float MeanConfidence) : IWithEmail;
}
