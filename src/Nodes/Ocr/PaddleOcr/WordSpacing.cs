using SkiaSharp;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// Puts back the spaces between Latin words that PP-OCRv4's recognizer, trained mostly on Chinese, often
/// leaves out ("Boxesaroundeveryword"): where two letters the recognizer read side by side have a column gap
/// of blank paper between them as wide as a word space, a space goes there. Letters inside a word stand far
/// closer than that; Chinese has no spaces to restore and is left as read.
/// </summary>
internal static class WordSpacing
{
    /// <summary>
    /// The narrowest gap taken for a word space, as a share of the ink's height: a space in common fonts is
    /// about a quarter of an em, the gap between letters a few hundredths.
    /// </summary>
    private const float SpaceToInkHeight = 0.27f;

    /// <summary>Below this spread between the darkest and the lightest pixel, a crop has no ink to measure.</summary>
    private const int MinContrast = 64;

    /// <summary>
    /// Marks that English sets without a space before them, though a glyph like "1" or "g" leaves a gap
    /// before the mark as wide as a narrow space.
    /// </summary>
    private static readonly HashSet<string> ClosingPunctuation = [".", ",", ";", ":", "!", "?", ")", "]", "}", "%"];

    /// <summary>The runs of blank columns between the first and the last inked column, as fractions of the crop's width.</summary>
    public static List<(float From, float To)> Gaps(SKBitmap crop)
    {
        var (width, height) = (crop.Width, crop.Height);
        var pixels = crop.GetPixelSpan();
        var luminance = new byte[width * height];
        int darkest = 255, lightest = 0;
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var p = y * crop.RowBytes + x * 4;
            // Premultiplied over white, as the models see it.
            var value = Math.Min(255, (pixels[p] + pixels[p + 1] + pixels[p + 2]) / 3 + 255 - pixels[p + 3]);
            luminance[y * width + x] = (byte)value;
            darkest = Math.Min(darkest, value);
            lightest = Math.Max(lightest, value);
        }
        var gaps = new List<(float, float)>();
        if (lightest - darkest < MinContrast)
            return gaps;

        var threshold = (darkest + lightest) / 2;
        var inkedColumn = new bool[width];
        int top = height, bottom = -1;
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            if (luminance[y * width + x] >= threshold)
                continue;
            inkedColumn[x] = true;
            (top, bottom) = (Math.Min(top, y), Math.Max(bottom, y));
        }
        var minGap = Math.Max(2, SpaceToInkHeight * (bottom - top + 1));
        var first = Array.IndexOf(inkedColumn, true);
        var last = Array.LastIndexOf(inkedColumn, true);
        for (var x = first + 1; x < last; x++)
        {
            if (inkedColumn[x])
                continue;
            var start = x;
            while (!inkedColumn[x])
                x++;
            if (x - start >= minGap)
                gaps.Add(((float)start / width, (float)x / width));
        }
        return gaps;
    }

    /// <summary>The line with a space between each two Latin characters that have one of <paramref name="gaps"/> between them.</summary>
    public static RecognizedLine Restore(RecognizedLine line, IReadOnlyList<(float From, float To)> gaps)
    {
        if (gaps.Count == 0 || line.Characters.Count < 2)
            return line;
        var characters = new List<RecognizedCharacter>(line.Characters.Count + gaps.Count) { line.Characters[0] };
        for (var i = 1; i < line.Characters.Count; i++)
        {
            var (before, after) = (line.Characters[i - 1], line.Characters[i]);
            var space = gaps.Select(gap => (gap.From + gap.To) / 2).FirstOrDefault(middle => middle > before.Position && middle < after.Position, -1);
            if (space >= 0 && IsLatin(before) && IsLatin(after) && !ClosingPunctuation.Contains(after.Text))
                characters.Add(new RecognizedCharacter(" ", Math.Min(before.Probability, after.Probability), space));
            characters.Add(after);
        }
        return new RecognizedLine(characters);
    }

    /// <summary>A letter, digit or sign of the Latin scripts, not a space: what English words are made of.</summary>
    private static bool IsLatin(RecognizedCharacter character) =>
        character.Text != " " && character.Text.All(c => c < '\u0250' || c is >= '\u2000' and < '\u2070');
}
