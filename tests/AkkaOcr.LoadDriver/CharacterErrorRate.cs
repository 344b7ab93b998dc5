using System.Text.RegularExpressions;

namespace AkkaOcr.LoadDriver;

/// <summary>
/// Edit distance between expected and recognized text over the expected length, whitespace runs counting as
/// one space; over several pages, the edits of all pages over all their characters. Tests and benchmarks
/// measure accuracy with the same yardstick.
/// </summary>
public static partial class CharacterErrorRate
{
    public static double Of(string expected, string actual)
    {
        var reference = Normalize(expected);
        var hypothesis = Normalize(actual);
        return reference.Length == 0 ? (hypothesis.Length == 0 ? 0 : 1) : (double)Levenshtein(reference, hypothesis) / reference.Length;
    }

    public static (double Overall, double WorstPage) OfPages(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        long edits = 0, length = 0;
        var worst = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var reference = Normalize(expected[i]);
            var distance = Levenshtein(reference, Normalize(i < actual.Count ? actual[i] : ""));
            edits += distance;
            length += reference.Length;
            worst = Math.Max(worst, (double)distance / Math.Max(1, reference.Length));
        }
        return ((double)edits / Math.Max(1, length), worst);
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
