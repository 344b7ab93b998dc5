using System.Net;
using MimeKit;

namespace AkkaOcr.Mail;

/// <summary>Builds the MIME message: the plain text as sent, plus a simple HTML alternative of it.</summary>
public static class MailRenderer
{
    public static MimeMessage Render(MailNotification mail, MailboxAddress from, string? messageId)
    {
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(mail.Email));
        message.Subject = mail.Subject;
        if (!string.IsNullOrEmpty(messageId))
            message.MessageId = MessageIdFor(messageId);
        var paragraphs = mail.Body.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(paragraph => $"<p>{WebUtility.HtmlEncode(paragraph.Trim()).Replace("\n", "<br>")}</p>");
        message.Body = new BodyBuilder
        {
            TextBody = mail.Body,
            HtmlBody = $"<!DOCTYPE html><html><body style=\"font-family: sans-serif\">{string.Concat(paragraphs)}</body></html>",
        }.ToMessageBody();
        return message;
    }

    /// <summary>The mail's Message-ID for a queue message id: the same on every delivery, so duplicates can be told apart.</summary>
    public static string MessageIdFor(string messageId) =>
        $"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(messageId)))[..32]}@akkaocr";
}
