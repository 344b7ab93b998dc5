using AkkaOcr.LoadDriver;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// Images of known text, rendered at test time with ImageMagick and the DejaVu fonts that
/// <c>./test.sh</c> installs, so accuracy is measured on real rasterized text, not on stored fixtures.
/// </summary>
internal static class TestImages
{
    public static readonly string[] Lines =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Pack my box with five dozen liquor jugs.",
        "Invoice 2026-0117 was paid on 3 March for 418.50 EUR.",
        "Akka actors exchange messages across the cluster.",
        "Sphinx of black quartz, judge my vow.",
    ];

    /// <summary>One line of text on white, in DejaVu Sans at <paramref name="pointSize"/> (at 72 dpi, so points are pixels).</summary>
    public static byte[] Line(string text, int pointSize = 28, string font = "DejaVu-Sans") =>
        Convert("-background", "white", "-fill", "black", "-font", font, "-pointsize", pointSize.ToString(),
            "label:" + text, "-bordercolor", "white", "-border", "20", "png:-");

    /// <summary>A page of wrapped text, the width of A4 at 150 dpi; paragraphs are separated by blank lines.</summary>
    public static byte[] Page(string text, int pointSize = 24)
    {
        // One caption per paragraph, stacked: ImageMagick 6 refuses a single caption of a whole page.
        string[] arguments =
        [
            "-size", "1120x", "-background", "white", "-fill", "black", "-font", "DejaVu-Serif", "-pointsize", pointSize.ToString(),
            .. text.Split("\n\n").Select(paragraph => "caption:" + paragraph),
            "-bordercolor", "white", "-border", "0x15", "-append", "-border", "60", "png:-",
        ];
        return Convert(arguments);
    }

    /// <summary>
    /// One page per line, each rendered as <see cref="Line"/> does, in one TIFF: 8-bit gray without the
    /// alpha channel ImageMagick would otherwise write, which Leptonica does not read.
    /// </summary>
    public static byte[] MultiPageTiff(params string[] lines) =>
        Convert(["-background", "white", "-fill", "black", "-font", "DejaVu-Sans", "-pointsize", "28",
            .. lines.Select(line => "label:" + line), "-bordercolor", "white", "-border", "20", "-alpha", "off", "-depth", "8", "tiff:-"]);

    /// <summary>An animated GIF of a white and a black frame, as ImageMagick writes one (loop and delay extensions included).</summary>
    public static byte[] AnimatedGif() => Convert("-delay", "50", "-size", "200x40", "xc:white", "xc:black", "-loop", "0", "gif:-");

    /// <summary>A white page with nothing on it, as a scanner gives for an empty sheet.</summary>
    public static byte[] Blank(int width = 400, int height = 200) => Convert("-size", $"{width}x{height}", "xc:white", "png:-");

    public static byte[] Rotated(byte[] image, int degrees) =>
        Convert(["png:-", "-background", "white", "-rotate", degrees.ToString(), "png:-"], image);

    /// <summary>
    /// The image in another format. BMP is written as classic 24-bit uncompressed: Leptonica reads
    /// neither run-length nor bit-field bitmaps, which ImageMagick would otherwise pick.
    /// </summary>
    public static byte[] Reencoded(byte[] image, string format) =>
        Convert(format == "bmp" ? ["png:-", "-type", "TrueColor", "-compress", "none", "bmp3:-"] : ["png:-", format + ":-"], image);

    /// <summary>The PNG again with Adam7 interlacing, whose seven passes add filter bytes to the image data.</summary>
    public static byte[] Interlaced(byte[] png) => Convert(["png:-", "-interlace", "PNG", "png:-"], png);

    /// <summary>The image as a progressive JPEG: libjpeg's default script of ten scans.</summary>
    public static byte[] ProgressiveJpeg(byte[] png) => Convert(["png:-", "-interlace", "JPEG", "jpeg:-"], png);

    /// <summary>Paragraphs of ordinary English, enough for a page.</summary>
    public static string PageText(int paragraphs = 6) => string.Join("\n\n", Enumerable.Range(0, paragraphs).Select(i =>
        $"Paragraph {i + 1}. The committee met on a grey Tuesday morning to review the quarterly figures. " +
        "Sales in the northern region rose steadily, while costs for shipping and storage fell after the new " +
        "warehouse opened. Several members asked for a clearer plan for the coming winter, and the chair " +
        "promised a short written summary before the next meeting."));

    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(30);

    private static byte[] Convert(params string[] arguments) => ImageMagick.Convert(arguments, timeout: RenderTimeout);

    private static byte[] Convert(string[] arguments, byte[] input) => ImageMagick.Convert(arguments, input, RenderTimeout);
}
