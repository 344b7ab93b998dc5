using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// Splits a recognized line into words at its spaces, each with a box: the stretch of the line's region
/// between the word's first and last character, placed by the time steps the recognizer saw them at.
/// </summary>
internal static class LineWords
{
    public static IEnumerable<OcrWord> Of(RecognizedLine line, TextQuad region)
    {
        var characters = line.Characters;
        var start = 0;
        while (start < characters.Count)
        {
            if (characters[start].Text == " ")
            {
                start++;
                continue;
            }
            var end = start;
            while (end + 1 < characters.Count && characters[end + 1].Text != " ")
                end++;
            var word = characters.Skip(start).Take(end - start + 1).ToList();
            var (left, top, width, height) = region.SpanBox(LeftEdge(characters, start), RightEdge(characters, end));
            yield return new OcrWord(
                string.Concat(word.Select(character => character.Text)),
                MathF.Round(word.Average(character => character.Probability) * 100, 2),
                left, top, width, height);
            start = end + 1;
        }
    }

    /// <summary>Where a character begins: half-way from the one before, or as far before it as the next is after.</summary>
    private static float LeftEdge(IReadOnlyList<RecognizedCharacter> characters, int i) =>
        i > 0 ? (characters[i - 1].Position + characters[i].Position) / 2
        : characters.Count > 1 ? Math.Max(0, characters[0].Position - (characters[1].Position - characters[0].Position) / 2)
        : 0;

    /// <summary>Where a character ends: half-way to the next, or as far after it as the one before is before.</summary>
    private static float RightEdge(IReadOnlyList<RecognizedCharacter> characters, int i) =>
        i < characters.Count - 1 ? (characters[i].Position + characters[i + 1].Position) / 2
        : characters.Count > 1 ? Math.Min(1, characters[i].Position + (characters[i].Position - characters[i - 1].Position) / 2)
        : 1;
}
