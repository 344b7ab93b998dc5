using System.Text.Json;
using System.Text.Json.Serialization;

namespace AkkaOcr.Mail;

/// <summary>
/// The body of a message on <c>email_notification</c>: the demo's <c>{"email", "subject", "body", "other"}</c>,
/// so its notifier could still read our queue. <c>other</c> carries string details such as the kind of mail.
/// </summary>
public sealed record MailNotification(
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("other")] IReadOnlyDictionary<string, string>? Other)
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads a queue body; null when it is not JSON of this shape or a required field is missing or empty.</summary>
    public static MailNotification? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            var mail = JsonSerializer.Deserialize<MailNotification>(json, Json);
            return mail is { Email.Length: > 0, Subject.Length: > 0, Body: not null } ? mail : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
