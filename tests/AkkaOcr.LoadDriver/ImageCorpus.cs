namespace AkkaOcr.LoadDriver;

/// <summary>
/// Images of text for OCR load, rendered with ImageMagick and the DejaVu fonts: text lines of several
/// sizes and A4 pages. The same seed gives the same corpus.
/// </summary>
public sealed record ImageCorpus(IReadOnlyList<byte[]> Lines, IReadOnlyList<byte[]> Pages)
{
    private static readonly string[] Words =
    [
        "invoice", "actor", "cluster", "shipping", "quarterly", "message", "journal", "winter", "summary", "warehouse",
        "northern", "region", "figures", "committee", "storage", "plan", "review", "steady", "report", "payment",
    ];

    public static ImageCorpus Render(int lines, int pages)
    {
        var random = new Random(42);
        string Sentence(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]))
            + $" {random.Next(10, 9999)}.";
        var lineImages = Enumerable.Range(0, lines).Select(i => Convert(
            "-background", "white", "-fill", "black", "-font", i % 2 == 0 ? "DejaVu-Sans" : "DejaVu-Serif",
            "-pointsize", (22 + i % 4 * 4).ToString(), "label:" + char.ToUpperInvariant(Sentence(7)[0]) + Sentence(7)[1..],
            "-bordercolor", "white", "-border", "20", "png:-")).ToList();
        var pageImages = Enumerable.Range(0, pages).Select(_ => Convert(
        [
            "-size", "1120x", "-background", "white", "-fill", "black", "-font", "DejaVu-Serif", "-pointsize", "22",
            .. Enumerable.Range(0, 6).Select(_ => "caption:" + string.Join(' ', Enumerable.Range(0, 6).Select(_ => Sentence(9)))),
            "-bordercolor", "white", "-border", "0x15", "-append", "-gravity", "north", "-background", "white",
            "-extent", "1120x1634", "-border", "60", "png:-",
        ])).ToList();
        return new ImageCorpus(lineImages, pageImages);
    }

    private static byte[] Convert(params string[] arguments) => ImageMagick.Convert(arguments);
}
