using System.Text.RegularExpressions;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Gateway.Ocr;

/// <summary>
/// The query options of <c>POST /ocr</c>: <c>lang</c> (<c>eng</c>, <c>eng+deu</c>), <c>psm</c> (Tesseract's
/// page segmentation mode), <c>words</c>, <c>format</c> (<c>json</c>, <c>hocr</c>, <c>tsv</c>) and <c>engine</c>
/// (<c>tesseract</c>, <c>ppocr</c>: the engine to read with; any that can when absent).
/// </summary>
public static class OcrQuery
{
    /// <summary>An engine's name: lower-case letters and digits, as <c>Ocr__Engine</c> takes them. Which engines run is the router's to say.</summary>
    private static readonly Regex EngineName = new("^[a-z][a-z0-9]{0,31}$", RegexOptions.CultureInvariant);

    public const int DefaultPageSegmentationMode = 3;

    /// <summary>Mode 0 only detects orientation and returns no text, so it is not offered.</summary>
    private const int LowestTextMode = 1;

    private const int HighestMode = 13;

    public static OcrOptions? Parse(IQueryCollection query, OcrGatewaySettings settings, Dictionary<string, string[]> errors)
    {
        var language = Language(query, settings, errors);
        var psm = PageSegmentationMode(query, errors);
        var words = Flag(query, "words", false, errors);

        var format = query["format"].ToString().ToLowerInvariant() switch
        {
            "" or "json" => OcrOutputFormat.Text,
            "hocr" => OcrOutputFormat.Hocr,
            "tsv" => OcrOutputFormat.Tsv,
            _ => (OcrOutputFormat?)null,
        };
        if (format is null)
            errors["format"] = ["is json (the default), hocr or tsv"];
        var engine = Engine(query, errors);

        return errors.Count == 0 ? new OcrOptions(language, psm, words, format!.Value, Engine: engine) : null;
    }

    /// <summary><c>engine</c>, or null for any engine that can read the request.</summary>
    public static string? Engine(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var engine = query["engine"].ToString();
        if (engine.Length == 0)
            return null;
        if (!EngineName.IsMatch(engine))
            errors["engine"] = ["is an engine's name, such as 'tesseract' or 'ppocr' (GET /ocr/languages lists the ones that run)"];
        return engine;
    }

    /// <summary><c>lang</c>, or the configured default.</summary>
    public static string Language(IQueryCollection query, OcrGatewaySettings settings, Dictionary<string, string[]> errors)
    {
        var language = query["lang"].ToString();
        if (language.Length == 0)
            return settings.Languages;
        if (!OcrLanguages.IsValidSpec(language))
            errors["lang"] = ["is a traineddata name or several joined by '+', such as 'eng' or 'eng+deu', or 'auto' alone (each page read in the language of the script detected on it)"];
        return language;
    }

    public static int PageSegmentationMode(IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var psm = DefaultPageSegmentationMode;
        if (query.ContainsKey("psm") && (!int.TryParse(query["psm"], out psm) || psm is < LowestTextMode or > HighestMode))
            errors["psm"] = [$"is a Tesseract page segmentation mode from {LowestTextMode} to {HighestMode} (1 is automatic with orientation detection, 3 automatic, 6 one block, 7 one line)"];
        return psm;
    }

    /// <summary>A true/false query option, <paramref name="fallback"/> when absent.</summary>
    public static bool Flag(IQueryCollection query, string name, bool fallback, Dictionary<string, string[]> errors)
    {
        if (!query.ContainsKey(name))
            return fallback;
        if (bool.TryParse(query[name], out var value))
            return value;
        errors[name] = ["is true or false"];
        return fallback;
    }
}
