using System.Collections.Frozen;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>
/// What <c>lang=auto</c> reads a page with: the installed language for the script Tesseract's orientation
/// and script detection (OSD) saw. OSD tells scripts apart, not languages, so each script maps to its
/// languages in order of how many people read them, and the first installed one is taken: a Latin page
/// is read as English when English is installed, which reads other Latin-script languages well enough
/// except for their accents.
/// </summary>
public static class ScriptLanguages
{
    /// <summary>Tesseract's OSD script names, and the traineddata that read each, most widely read first.</summary>
    private static readonly FrozenDictionary<string, string[]> LanguagesOfScript = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Latin"] = ["eng", "spa", "por", "fra", "deu", "ita", "ind", "vie", "tur", "pol", "nld"],
        ["Cyrillic"] = ["rus", "ukr", "bul", "srp", "bel", "mkd", "kaz"],
        ["Greek"] = ["ell", "grc"],
        ["Han"] = ["chi_sim", "chi_tra", "jpn"],
        ["Japanese"] = ["jpn"],
        ["Katakana"] = ["jpn"],
        ["Hiragana"] = ["jpn"],
        ["Hangul"] = ["kor"],
        ["Arabic"] = ["ara", "fas", "urd"],
        ["Hebrew"] = ["heb", "yid"],
        ["Devanagari"] = ["hin", "mar", "nep", "san"],
        ["Bengali"] = ["ben", "asm"],
        ["Thai"] = ["tha"],
        ["Tamil"] = ["tam"],
        ["Telugu"] = ["tel"],
        ["Kannada"] = ["kan"],
        ["Malayalam"] = ["mal"],
        ["Gujarati"] = ["guj"],
        ["Gurmukhi"] = ["pan"],
        ["Oriya"] = ["ori"],
        ["Sinhala"] = ["sin"],
        ["Georgian"] = ["kat"],
        ["Armenian"] = ["hye"],
        ["Ethiopic"] = ["amh"],
        ["Khmer"] = ["khm"],
        ["Lao"] = ["lao"],
        ["Myanmar"] = ["mya"],
        ["Tibetan"] = ["bod"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The language to read a page in <paramref name="script"/> with, or <paramref name="fallback"/> (the
    /// node's default) when no script was detected or OSD names one this table does not know.
    /// </summary>
    /// <exception cref="OcrEngineException">The script is known and no language for it is installed: reading it with another script's model would only produce noise.</exception>
    public static string Choose(string? script, IReadOnlySet<string> installed, string fallback)
    {
        if (script is null || !LanguagesOfScript.TryGetValue(script, out var candidates))
            return fallback;
        return candidates.FirstOrDefault(installed.Contains)
            ?? throw new OcrEngineException(OcrFailure.UnknownLanguage,
                $"the page is in {script} script and no language for it is installed here ({string.Join(", ", candidates)}); " +
                $"installed: {string.Join(", ", installed.Order(StringComparer.Ordinal))}");
    }
}
