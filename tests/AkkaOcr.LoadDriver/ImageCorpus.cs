namespace AkkaOcr.LoadDriver;

/// <summary>
/// Images of text for OCR load, rendered with ImageMagick and the DejaVu fonts: text lines of several
/// sizes and A4 pages, with the text each shows (for the character error rate). The same seed gives the same corpus.
/// </summary>
public sealed record ImageCorpus(IReadOnlyList<byte[]> Lines, IReadOnlyList<byte[]> Pages)
{
    private static readonly string[] Words =
    [
        "invoice", "actor", "cluster", "shipping", "quarterly", "message", "journal", "winter", "summary", "warehouse",
        "northern", "region", "figures", "committee", "storage", "plan", "review", "steady", "report", "payment",
    ];

    /// <summary>The text of each line image, in order.</summary>
    public IReadOnlyList<string> LineTexts { get; init; } = [];

    /// <summary>The text of each page image, its paragraphs one per line, in order.</summary>
    public IReadOnlyList<string> PageTexts { get; init; } = [];

    public static ImageCorpus Render(int lines, int pages)
    {
        var random = new Random(42);
        string Sentence(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]))
            + $" {random.Next(10, 9999)}.";
        var lineTexts = Enumerable.Range(0, lines).Select(_ =>
        {
            // The capital comes from one sentence and the rest from the next, as the corpus always drew them.
            var first = Sentence(7);
            return char.ToUpperInvariant(first[0]) + Sentence(7)[1..];
        }).ToList();
        var lineImages = lineTexts.Select((text, i) => Convert(
            "-background", "white", "-fill", "black", "-font", i % 2 == 0 ? "DejaVu-Sans" : "DejaVu-Serif",
            "-pointsize", (22 + i % 4 * 4).ToString(), "label:" + text,
            "-bordercolor", "white", "-border", "20", "png:-")).ToList();
        var pageTexts = Enumerable.Range(0, pages)
            .Select(_ => Enumerable.Range(0, 6).Select(_ => string.Join(' ', Enumerable.Range(0, 6).Select(_ => Sentence(9)))).ToList()).ToList();
        var pageImages = pageTexts.Select(paragraphs => Convert(
        [
            "-size", "1120x", "-background", "white", "-fill", "black", "-font", "DejaVu-Serif", "-pointsize", "22",
            .. paragraphs.Select(paragraph => "caption:" + paragraph),
            "-bordercolor", "white", "-border", "0x15", "-append", "-gravity", "north", "-background", "white",
            "-extent", "1120x1634", "-border", "60", "png:-",
        ])).ToList();
        return new ImageCorpus(lineImages, pageImages)
        {
            LineTexts = lineTexts,
            PageTexts = [.. pageTexts.Select(paragraphs => string.Join('\n', paragraphs))],
        };
    }

    private static byte[] Convert(params string[] arguments) => ImageMagick.Convert(arguments);
}
