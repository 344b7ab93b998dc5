using MailKit.Security;

namespace AkkaOcr.Mail;

/// <summary>Outgoing mail: <c>Smtp__Host</c>, <c>Smtp__Port</c>, <c>Smtp__Security</c>, <c>Smtp__Username</c>, <c>Smtp__Password</c>, <c>Smtp__From</c>.</summary>
public sealed class SmtpSettings
{
    public const string SectionName = "Smtp";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1025;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c> or <c>Auto</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.None;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "AkkaOcr <no-reply@akkaocr.local>";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
            yield return "Smtp__Host is empty";
        if (Port is < 1 or > 65535)
            yield return $"Smtp__Port {Port} is not a TCP port";
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
            yield return "Smtp__From is not a mailbox such as 'AkkaOcr <no-reply@example.org>'";
        if (!string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password))
            yield return "Smtp__Password is required when Smtp__Username is set";
    }
}
