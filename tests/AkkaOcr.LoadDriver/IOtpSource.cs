namespace AkkaOcr.LoadDriver;

/// <summary>
/// Where a flow reads the one-time codes mailed to an address, the way a person would: from the mail
/// that arrived. Tests read a real SMTP server; a benchmark may read MailDev.
/// </summary>
public interface IOtpSource
{
    /// <summary>Every code that arrived for <paramref name="email"/> so far, oldest first.</summary>
    Task<IReadOnlyList<string>> CodesAsync(string email, CancellationToken cancellationToken);
}
