using System.Globalization;
using AkkaOcr.Messages.Users;
using AkkaOcr.Nodes.Users;

namespace AkkaOcr.Nodes.Mail;

/// <summary>Turns mail-bearing events into the mails users receive.</summary>
public sealed class MailComposer(OtpCodes codes)
{
    public const string KindKey = "kind";

    /// <summary>The mail for an event of <paramref name="email"/>'s journal, or null when the event carries none.</summary>
    public MailNotification? Compose(string email, object @event) => @event switch
    {
        UserEvents.OtpIssued issued => OtpMail(email, codes.Unseal(email, issued.EncryptedCode), issued.ExpiresAt),
        _ => null,
    };

    public static MailNotification OtpMail(string email, string code, DateTimeOffset expiresAt)
    {
        var minutes = (int)Math.Round(OtpPolicy.Validity.TotalMinutes);
        var until = expiresAt.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture);
        return new MailNotification(
            email,
            $"Your AkkaOcr verification code: {code}",
            $"""
             Hello,

             Your AkkaOcr verification code is {code}.

             It works once and expires in {minutes} minutes, at {until}.
             If you did not ask for it, you can ignore this mail.
             """,
            new Dictionary<string, string>
            {
                [KindKey] = "otp",
                ["expires_at"] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
            });
    }
}
