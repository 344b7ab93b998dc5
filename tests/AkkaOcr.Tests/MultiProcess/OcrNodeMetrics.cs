using System.Text.RegularExpressions;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>An <c>ocr</c> node's own image counts, scraped from its <c>/metrics</c>: which node read what.</summary>
public static partial class OcrNodeMetrics
{
    /// <summary>The images the node's workers read, and those they declined for want of memory.</summary>
    public static async Task<(long Read, long Declined)> ImageCountsAsync(Uri node)
    {
        using var scraper = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(10) };
        var text = await scraper.GetStringAsync("/metrics");
        var read = ImagesRecognized().Matches(text).Sum(match => long.Parse(match.Groups["count"].Value));
        var declined = ImagesDeclined().Matches(text).Sum(match => long.Parse(match.Groups["count"].Value));
        return (read, declined);
    }

    [GeneratedRegex("""^akkaocr_ocr_images_total\{[^}]*outcome="recognized"[^}]*\} (?<count>\d+)""", RegexOptions.Multiline)]
    private static partial Regex ImagesRecognized();

    [GeneratedRegex("""^akkaocr_ocr_declined_total(\{[^}]*\})? (?<count>\d+)""", RegexOptions.Multiline)]
    private static partial Regex ImagesDeclined();
}
