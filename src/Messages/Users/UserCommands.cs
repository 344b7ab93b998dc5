using System.Text;

namespace AkkaOcr.Messages.Users;

/// <summary>Requests that may change a user entity's state.</summary>
public static class UserCommands
{
    /// <summary>
    /// Creates the account. The password arrives already hashed: the clear password never leaves the gateway.
    /// </summary>
    public sealed record Register(string Email, string Name, [property: Secret] string PasswordHash, Guid RequestId = default)
        : IWithRequestId
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"Email = {Email}, Name = {Name}, PasswordHash = {SecretAttribute.Placeholder}, RequestId = {RequestId}");
            return true;
        }
    }

    /// <summary>
    /// Asks for a fresh one-time code to be mailed, subject to cooldown and hourly cap. It needs no request
    /// id: a copy sent again within the cooldown issues nothing and gets the same answer.
    /// </summary>
    public sealed record RequestOtp(string Email) : IWithEmail;

    /// <summary>Offers a one-time code, already normalized to six digits.</summary>
    public sealed record VerifyOtp(string Email, [property: Secret] string Code, Guid RequestId = default) : IWithRequestId
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"Email = {Email}, Code = {SecretAttribute.Placeholder}, RequestId = {RequestId}");
            return true;
        }
    }

    /// <summary>
    /// Records a finished recognition so that the user is mailed its text, as the demo did. The text
    /// is already capped to what a mail carries.
    /// </summary>
    public sealed record RecordOcrResult(
        string Email, [property: Secret] string Text, int FullTextLength, float MeanConfidence, Guid RequestId = default) : IWithRequestId
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"Email = {Email}, Text = {SecretAttribute.Placeholder}, FullTextLength = {FullTextLength}, ");
            builder.Append($"MeanConfidence = {MeanConfidence}, RequestId = {RequestId}");
            return true;
        }
    }

    /// <summary>
    /// Starts a login: answered with what the password check needs, or with <see cref="UserReplies.LoginDelayed"/>
    /// while the account waits out its throttle (<see cref="LoginPolicy"/>). The attempt counts as failed until
    /// <see cref="LoginSucceeded"/> says otherwise, so concurrent guesses cannot slip past the count. The request
    /// id makes a copy of the same attempt count once.
    /// </summary>
    public sealed record BeginLogin(string Email, Guid RequestId = default) : IWithRequestId;

    /// <summary>
    /// The password of the attempt with this request id was right: the account's failures are forgotten. When the
    /// stored hash was made at a lower cost than the gateway's, <paramref name="RehashedPassword"/> replaces it.
    /// </summary>
    public sealed record LoginSucceeded(string Email, [property: Secret] string? RehashedPassword, Guid RequestId = default) : IWithRequestId
    {
        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append($"Email = {Email}, RehashedPassword = {(RehashedPassword is null ? "null" : SecretAttribute.Placeholder)}, ");
            builder.Append($"RequestId = {RequestId}");
            return true;
        }
    }
}
