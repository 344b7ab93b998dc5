using System.Globalization;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.DocumentBench;

/// <summary>
/// The benchmark's document: A4 pages of known English text (a heading and five paragraphs of five sentences each, drawn
/// from a fixed set of sentences in an order that depends on the page), rendered as a scanner gives them,
/// DejaVu Serif 11 pt at 300 dpi with one-inch margins, 8-bit gray.
/// </summary>
public static class BenchDocument
{
    public const int Dpi = 300;

    /// <summary>A4 in pixels at 300 dpi.</summary>
    private const int Width = 2480, Height = 3508;

    private static readonly string[] Topics =
    [
        "Minutes of the library committee", "Notes on the spring flood", "A letter about the new railway", "Report of the harbour master",
        "On keeping bees in a small garden", "The village school in winter", "Instructions for the night shift", "A history of the old mill",
    ];

    private static readonly string[] Sentences =
    [
        "The committee met on Tuesday, 14 March, to review the budget for the coming year.",
        "Several members argued that the library needed new shelving, while others preferred longer opening hours.",
        "After a long discussion, the chair proposed a compromise: 60 percent for shelving and the rest for staff.",
        "Rain had fallen all night, and by morning the river was higher than anyone could remember.",
        "Farmers moved their sheep to the upper fields, and the baker kept his ovens burning through the night.",
        "The new railway line will open in the autumn, cutting the journey to the city from three hours to forty minutes.",
        "Tickets may be bought at the station or from the post office, which stays open until half past six.",
        "Ships waiting outside the harbour are asked to keep their lights on and to listen on channel 16.",
        "A cargo of timber, coal and dried fish arrived on Friday and was unloaded within two days.",
        "Bees need water as much as flowers, so a shallow dish with a few stones in it is a good start.",
        "In the second year the hive produced almost twelve kilograms of honey, most of it from clover.",
        "The school has one stove, three windows and twenty-seven pupils between the ages of six and thirteen.",
        "When snow closes the road, the teacher stays in the small room behind the classroom.",
        "Before leaving, check that every door is locked, that the boiler pressure is below 2.5 bar, and that the log is signed.",
        "If the alarm sounds, call the duty manager first and the fire brigade second; never the other way round.",
        "The mill was built in 1832 by a family of weavers who had come from the north with very little money.",
        "Its wheel turned for almost a century, until the river was moved to make room for a new bridge.",
        "Nobody knows exactly why the clock on the church tower is always seven minutes fast.",
        "The market opens at eight, but the best bread is usually gone long before nine o'clock.",
        "A careful reader will notice that the second edition corrects several dates given in the first.",
        "Prices rose by 4.2 percent last year, mostly because of the cost of fuel and transport.",
        "The museum asks visitors not to touch the paintings, however tempting the bright colours may be.",
        "Children under twelve travel free when they are accompanied by an adult with a valid ticket.",
        "Most of the letters in the archive were written in pencil, and some are now very hard to read.",
        "The old lighthouse keeper kept a diary for forty years, noting the weather every single morning.",
        "Please return borrowed tools to the shed and hang them on the hooks marked with their names.",
        "A quiet evening with a good book is still, for many people, the best way to end a busy week.",
        "The survey counted 318 households, of which nearly half had at least one bicycle.",
        "Heavy lorries are not allowed on the bridge, and the speed limit there is thirty kilometres an hour.",
        "Volunteers painted the fence, repaired the benches and planted a row of young apple trees.",
        "The recipe calls for two eggs, a cup of flour, a pinch of salt and a little warm milk.",
        "According to the map, the path follows the stream for about a mile before it climbs the hill.",
        "Every spring the swallows come back to the same barn, often to the very same nest.",
        "The council will decide in June whether the swimming pool can stay open through the summer.",
        "His handwriting was so small that the clerk had to use a magnifying glass to copy the will.",
        "On clear nights you can see the lights of three towns from the top of the old water tower.",
    ];

    /// <summary>The text of page <paramref name="page"/> (from 1) of <paramref name="pages"/>.</summary>
    public static string PageText(int page, int pages)
    {
        var random = new Random(page);
        var paragraphs = Enumerable.Range(0, 5).Select(_ =>
            string.Join(' ', Enumerable.Range(0, 5).Select(_ => Sentences[random.Next(Sentences.Length)])));
        var heading = string.Create(CultureInfo.InvariantCulture, $"{Topics[page % Topics.Length]}, page {page} of {pages}");
        return string.Join("\n\n", paragraphs.Prepend(heading));
    }

    /// <summary>
    /// One A4 page as a PNG at 300 dpi: the text wrapped within one-inch margins, from the top. Each paragraph
    /// is its own caption (ImageMagick lays a caption out as one line first, so a whole page would be too wide).
    /// </summary>
    public static byte[] RenderPage(string text)
    {
        var margin = Invariant(Dpi);
        return ImageMagick.Convert(
            ["-density", Invariant(Dpi), "-units", "PixelsPerInch", "-size", Invariant(Width - 2 * Dpi) + "x",
                "-background", "white", "-fill", "black", "-font", "DejaVu-Serif", "-pointsize", "11",
                .. text.Split("\n\n").Select(paragraph => "caption:" + paragraph),
                "-gravity", "south", "-splice", "0x" + Invariant(Dpi / 6), "-append",
                "-gravity", "northwest", "-splice", $"{margin}x{margin}", "-extent", $"{Invariant(Width)}x{Invariant(Height)}",
                "-alpha", "off", "-depth", "8", "png:-"],
            timeout: TimeSpan.FromMinutes(2));
    }

    /// <summary>Renders pages <paramref name="first"/> to <paramref name="last"/> into <paramref name="folder"/> and binds them into a PDF with img2pdf.</summary>
    public static string[] WritePdf(string folder, string name, int first, int last, int pages)
    {
        var texts = Enumerable.Range(first, last - first + 1).Select(page => PageText(page, pages)).ToArray();
        var images = texts.Select((_, i) => Path.Combine(folder, $"{name}-{first + i:D3}.png")).ToArray();
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => File.WriteAllBytes(images[i], RenderPage(texts[i])));
        Tools.Run("img2pdf", [.. images, "-o", Path.Combine(folder, name + ".pdf")]);
        foreach (var image in images)
            File.Delete(image);
        return texts;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
