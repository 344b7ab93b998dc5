using System.Text.RegularExpressions;

namespace AkkaOcr.Nodes.Settings;

/// <summary>
/// The OCR pool: <c>Ocr__Workers</c>, <c>Ocr__Languages</c>, <c>Ocr__TessdataPath</c>,
/// <c>Ocr__MaxUploadBytes</c>, <c>Ocr__Timeout</c>, plus the pixel cap and the wait queue.
/// </summary>
public sealed partial class OcrSettings
{
    public const string SectionName = "Ocr";

    /// <summary>Where Debian's tesseract-ocr-* packages put their traineddata.</summary>
    public const string DebianTessdataPath = "/usr/share/tesseract-ocr/5/tessdata";

    /// <summary>Worker actors (each with its own engine and thread) per <c>ocr</c> node; 0 means one per core.</summary>
    public int Workers { get; set; }

    /// <summary>The language every engine starts with and a request without <c>lang</c> gets, Tesseract style (<c>eng+deu</c>).</summary>
    public string Languages { get; set; } = "eng";

    public string TessdataPath { get; set; } = DebianTessdataPath;

    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Width times height above which an image is refused before it is decoded: a few kilobytes of
    /// PNG can claim gigapixels. 40 million covers an A4 page at 600 dpi.
    /// </summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Requests a gateway holds per known worker while all are busy, before it answers 429.</summary>
    public int QueuePerWorker { get; set; } = 2;

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;

    /// <summary>Tesseract's language form: names of traineddata files joined by '+'.</summary>
    public static bool IsLanguageSpec(string value) => LanguageSpec().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}(\\+[A-Za-z0-9_]{1,32}){0,7}$")]
    private static partial Regex LanguageSpec();

    internal IEnumerable<string> ValidateForGateway()
    {
        if (MaxUploadBytes is < 1024 or > 100 * 1024 * 1024)
            yield return $"Ocr__MaxUploadBytes {MaxUploadBytes} is outside 1 KiB to 100 MiB";
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(10))
            yield return $"Ocr__Timeout {Timeout} is outside 1 second to 10 minutes";
        if (QueuePerWorker is < 0 or > 1000)
            yield return $"Ocr__QueuePerWorker {QueuePerWorker} is outside 0 to 1000";
    }

    internal IEnumerable<string> ValidateForWorkers()
    {
        if (Workers is < 0 or > 256)
            yield return $"Ocr__Workers {Workers} is outside 0 (one per core) to 256";
        if (!IsLanguageSpec(Languages))
            yield return $"Ocr__Languages '{Languages}' is not a language list such as 'eng' or 'eng+deu'";
        if (string.IsNullOrWhiteSpace(TessdataPath))
            yield return "Ocr__TessdataPath is empty";
        if (MaxPixels is < 1_000_000 or > 1_000_000_000)
            yield return $"Ocr__MaxPixels {MaxPixels} is outside 1 to 1000 million";
    }
}
