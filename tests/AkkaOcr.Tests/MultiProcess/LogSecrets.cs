using System.Text.RegularExpressions;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// Finds secrets in a node's log: the cluster's keys and passwords as configured, the passwords test
/// accounts sign up with, password hashes (ASP.NET Core Identity's format) and one-time codes printed
/// beside their name. Every multi-process test's logs are searched when its cluster is taken down.
/// </summary>
public static partial class LogSecrets
{
    /// <summary>The configured values that are secrets: keys and passwords, by their setting's name.</summary>
    public static IEnumerable<string> ConfiguredIn(IReadOnlyDictionary<string, string> environment) =>
        environment.Where(setting => setting.Key.EndsWith("Key", StringComparison.OrdinalIgnoreCase)
                                     || setting.Key.EndsWith("Password", StringComparison.OrdinalIgnoreCase))
            .Select(setting => setting.Value)
            .Where(value => value.Length >= 8);

    /// <summary>What in <paramref name="log"/> is a secret, each with a few words of where it was; none for a clean log.</summary>
    public static IReadOnlyList<string> Find(string log, IEnumerable<string> literals)
    {
        var found = new List<string>();
        foreach (var literal in literals.Distinct(StringComparer.Ordinal))
        {
            var at = log.IndexOf(literal, StringComparison.Ordinal);
            if (at >= 0)
                found.Add($"a configured secret or test password near: {Around(log, at)}");
        }
        foreach (var pattern in new[] { TestAccountPassword(), PasswordHash(), NamedCode() })
            found.AddRange(pattern.Matches(log).Select(match => $"'{pattern}' near: {Around(log, match.Index)}"));
        return found;
    }

    private static string Around(string log, int at)
    {
        var start = Math.Max(0, at - 40);
        return log.Substring(start, Math.Min(log.Length - start, 100)).ReplaceLineEndings(" ");
    }

    /// <summary>The load driver's account passwords.</summary>
    [GeneratedRegex("pw-[0-9a-f]{32}")]
    private static partial Regex TestAccountPassword();

    /// <summary>ASP.NET Core Identity's hashes start with a version byte and the PRF, which base64 writes as AQAAAA.</summary>
    [GeneratedRegex("AQAAAA[A-Za-z0-9+/]{40,}")]
    private static partial Regex PasswordHash();

    /// <summary>A six-digit code written next to what it is (a record's <c>Code = 123456</c>, "otp 123456").</summary>
    [GeneratedRegex(@"(?i)\b(code|otp)\b\W{1,4}\d{6}\b")]
    private static partial Regex NamedCode();
}
