using System.Text.RegularExpressions;

namespace AkkaOcr.Messages.Ocr;

/// <summary>
/// Tesseract's language form, as <see cref="OcrOptions.Language"/> carries it: names of traineddata files
/// joined by '+' (<c>eng</c>, <c>eng+deu</c>). Read here once for the gateway, the router and the workers.
/// </summary>
public static partial class OcrLanguages
{
    /// <summary>
    /// Not a traineddata: each page is read in the installed language for the script that orientation
    /// and script detection sees on it. It stands alone, never joined to a language.
    /// </summary>
    public const string Auto = "auto";

    public static bool IsValidSpec(string value) =>
        SpecPattern().IsMatch(value) && (value == Auto || !Parts(value).Contains(Auto, StringComparer.Ordinal));

    public static bool IsAuto(string spec) => spec == Auto;

    public static string[] Parts(string spec) => spec.Split('+');

    /// <summary>The languages of <paramref name="spec"/> that <paramref name="installed"/> lacks, in order; none for <see cref="Auto"/>.</summary>
    public static List<string> MissingFrom(string spec, IEnumerable<string> installed)
    {
        if (IsAuto(spec))
            return [];
        var available = installed as IReadOnlySet<string> ?? installed.ToHashSet(StringComparer.Ordinal);
        return Parts(spec).Where(language => !available.Contains(language)).ToList();
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}(\\+[A-Za-z0-9_]{1,32}){0,7}$")]
    private static partial Regex SpecPattern();
}
