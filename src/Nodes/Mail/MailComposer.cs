using System.Globalization;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.Messages.Users;
using AkkaOcr.Users;

namespace AkkaOcr.Mail;

/// <summary>Turns mail-bearing events into the mails users receive.</summary>
public sealed class MailComposer(OtpCodes codes)
{
    public const string KindKey = "kind";

    /// <summary>The kind of a mail that carries a one-time code.</summary>
    public const string OtpKind = "otp";

    /// <summary>In a code mail's <c>other</c>: when the code expires, ISO 8601.</summary>
    public const string ExpiresAtKey = "expires_at";

    /// <summary>The kind of a mail that says a document job is done.</summary>
    public const string JobKind = "job";

    /// <summary>
    /// The mail for an event of the journal <paramref name="persistenceId"/>, or null when the event carries
    /// none. A user's events are mailed to the address their entity is named after; a job's to its owner.
    /// </summary>
    public MailNotification? Compose(string persistenceId, object @event) => @event switch
    {
        UserEvents.OtpIssued issued => OtpMail(UserActor.EmailOf(persistenceId),
            codes.Unseal(UserActor.EmailOf(persistenceId), issued.EncryptedCode), issued.ExpiresAt),
        UserEvents.OcrCompleted completed => OcrFinishedMail(UserActor.EmailOf(persistenceId),
            codes.Unseal(UserActor.EmailOf(persistenceId), completed.EncryptedText), completed.FullTextLength, completed.MeanConfidence, completed.At),
        JobEvents.JobSucceeded succeeded => JobFinishedMail(succeeded),
        _ => null,
    };

    public static MailNotification JobFinishedMail(JobEvents.JobSucceeded succeeded)
    {
        var pages = succeeded.PageCount == 1 ? "1 page" : $"{succeeded.PageCount.ToString(CultureInfo.InvariantCulture)} pages";
        var result = $"/ocr/jobs/{succeeded.JobId}/result";
        return new MailNotification(
            succeeded.OwnerEmail,
            $"Your AkkaOcr document is ready ({pages})",
            $"""
             Hello,

             The document you sent has been read: {pages}, mean confidence {succeeded.MeanConfidence.ToString("0", CultureInfo.InvariantCulture)}%, finished at {ReadableUtc(succeeded.At)}.

             Fetch the result, signed in, from {result}?format=pdf for the searchable PDF,
             or as text, json, hocr or alto. It is kept for a limited time, then deleted.
             """,
            new Dictionary<string, string>
            {
                [KindKey] = JobKind,
                ["job_id"] = succeeded.JobId.ToString(),
                ["pages"] = succeeded.PageCount.ToString(CultureInfo.InvariantCulture),
                ["result_url"] = result,
            });
    }

    public static MailNotification OtpMail(string email, string code, DateTimeOffset expiresAt)
    {
        var minutes = (int)Math.Round(OtpPolicy.Validity.TotalMinutes);
        var until = ReadableUtc(expiresAt);
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
                [KindKey] = OtpKind,
                [ExpiresAtKey] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
            });
    }

    private static string ReadableUtc(DateTimeOffset at) =>
        at.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture);

    public static MailNotification OcrFinishedMail(
        string email, string text, int fullTextLength, float meanConfidence, DateTimeOffset finishedAt)
    {
        var when = ReadableUtc(finishedAt);
        var body = string.IsNullOrWhiteSpace(text)
            ? "No text was found in the image."
            : text.Length < fullTextLength
                ? $"{text.TrimEnd()}\n\n[The first {text.Length} of {fullTextLength} characters; the full text was in the answer to your upload.]"
                : text.TrimEnd();
        return new MailNotification(
            email,
            "Your AkkaOcr text is ready",
            $"""
             Hello,

             The image you uploaded at {when} has been read (mean confidence {meanConfidence.ToString("0", CultureInfo.InvariantCulture)}%).
             Here is its text:

             {body}
             """,
            new Dictionary<string, string>
            {
                [KindKey] = "ocr",
                ["characters"] = fullTextLength.ToString(CultureInfo.InvariantCulture),
            });
    }
}
