using System.Text.RegularExpressions;

namespace AkkaOcr.Tests.Ocr;

/// <summary>Edit distance between expected and recognized text over the expected length; whitespace runs count as one space.</summary>
internal static partial class CharacterErrorRate
{
    public static double Of(string expected, string actual)
    {
        var reference = Normalize(expected);
        var hypothesis = Normalize(actual);
        return reference.Length == 0 ? (hypothesis.Length == 0 ? 0 : 1) : (double)Levenshtein(reference, hypothesis) / reference.Length;
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
