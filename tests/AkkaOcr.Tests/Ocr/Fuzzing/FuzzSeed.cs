using AkkaOcr.LoadDriver;
using AkkaOcr.Tests.Documents;

namespace AkkaOcr.Tests.Ocr.Fuzzing;

/// <summary>One valid file the mutations start from, rendered at test time.</summary>
internal sealed record FuzzSeed(string Format, byte[] Content)
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A short line of text in every format <c>POST /ocr</c> takes, each about 130×40 pixels so that a
    /// mutant that still decodes costs milliseconds to read: PNG, JPEG, a two-page TIFF, GIF, BMP, WebP,
    /// PNM and a one-page PDF with a text layer and an embedded font.
    /// </summary>
    public static IReadOnlyList<FuzzSeed> RenderAll()
    {
        var png = TestImages.Line("Fuzz 2026", pointSize: 16);
        return
        [
            new("png", png),
            new("jpeg", TestImages.Reencoded(png, "jpeg")),
            new("tiff", ImageMagick.Convert(["-background", "white", "-fill", "black", "-font", "DejaVu-Sans", "-pointsize", "16",
                "label:Page one", "label:Page two", "-alpha", "off", "-depth", "8", "tiff:-"], timeout: RenderTimeout)),
            new("gif", TestImages.Reencoded(png, "gif")),
            new("bmp", TestImages.Reencoded(png, "bmp")),
            new("webp", TestImages.Reencoded(png, "webp")),
            new("pnm", TestImages.Reencoded(png, "pgm")),
            new("pdf", TestDocuments.TextPdf("Fuzz 2026")),
        ];
    }
}
