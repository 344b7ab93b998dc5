using System.Text.RegularExpressions;
using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.Infrastructure;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>The load driver's codes, read from the mail the test SMTP server received: the code is in the subject.</summary>
public sealed partial class SmtpOtpSource(TestSmtpServer smtp) : IOtpSource
{
    /// <summary>
    /// MimeKit messages are not safe to read from several threads at once (reading the address lists
    /// failed with "collection was modified" under concurrent flows), so the flows take turns.
    /// </summary>
    private readonly Lock _gate = new();

    public Task<IReadOnlyList<string>> CodesAsync(string email, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<string>>(smtp.Received
                .Where(mail => mail.To.Mailboxes.Any(to => to.Address == email))
                .Select(mail => Code().Match(mail.Subject ?? "").Value)
                .Where(code => code.Length > 0)
                .ToArray());
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Code();
}
