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
}
