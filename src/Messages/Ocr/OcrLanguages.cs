using System.Text.RegularExpressions;

namespace AkkaOcr.Messages.Ocr;

/// <summary>
/// Tesseract's language form, as <see cref="OcrOptions.Language"/> carries it: names of traineddata files
/// joined by '+' (<c>eng</c>, <c>eng+deu</c>). Read here once for the gateway, the router and the workers.
/// </summary>
public static partial class OcrLanguages
{
    public static bool IsValidSpec(string value) => SpecPattern().IsMatch(value);

    public static string[] Parts(string spec) => spec.Split('+');

    /// <summary>The languages of <paramref name="spec"/> that <paramref name="installed"/> lacks, in order.</summary>
    public static List<string> MissingFrom(string spec, IEnumerable<string> installed)
    {
        var available = installed as IReadOnlySet<string> ?? installed.ToHashSet(StringComparer.Ordinal);
        return Parts(spec).Where(language => !available.Contains(language)).ToList();
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}(\\+[A-Za-z0-9_]{1,32}){0,7}$")]
    private static partial Regex SpecPattern();
}
