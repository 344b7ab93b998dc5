using MimeKit;

namespace AkkaOcr.Gateway.Users;

/// <summary>
/// The normal form of an e-mail address, which is also the user entity's id: trimmed, lower-cased,
/// one plain <c>local@domain</c> mailbox (no display name, no group, no route) of at most 254 characters.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        var candidate = input?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxLength || candidate.Any(char.IsWhiteSpace))
            return false;
        // The parsed address must be the whole input: that rules out display names, groups and routes.
        if (!MailboxAddress.TryParse(ParserOptions.Default, candidate, out var mailbox) || mailbox.Address != candidate ||
            string.IsNullOrEmpty(mailbox.LocalPart) || !mailbox.Domain.Contains('.'))
            return false;
        normalized = candidate;
        return true;
    }
}
