namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// Greedy CTC decoding of the recognizer's output: the likeliest class at each time step, repeats merged,
/// blanks dropped. Class 0 is the blank, classes 1 to n the dictionary's lines, the last one a space.
/// </summary>
internal sealed class CtcDecoder(IReadOnlyList<string> dictionary)
{
    /// <summary>The blank, the dictionary's entries, and the space PaddleOCR adds after them.</summary>
    public int ClassCount => dictionary.Count + 2;

    /// <summary>
    /// Decodes one line's <paramref name="steps"/> × <see cref="ClassCount"/> probabilities; the line's own
    /// width is <paramref name="lineFraction"/> of the (padded) input width the steps span.
    /// </summary>
    public RecognizedLine Decode(ReadOnlySpan<float> probabilities, int steps, float lineFraction)
    {
        var characters = new List<RecognizedCharacter>();
        var previous = 0;
        for (var step = 0; step < steps; step++)
        {
            var row = probabilities.Slice(step * ClassCount, ClassCount);
            var best = 0;
            for (var k = 1; k < row.Length; k++)
                if (row[k] > row[best])
                    best = k;
            if (best != 0 && best != previous)
            {
                var position = Math.Clamp((step + 0.5f) / steps / lineFraction, 0, 1);
                characters.Add(new RecognizedCharacter(best <= dictionary.Count ? dictionary[best - 1] : " ", row[best], position));
            }
            previous = best;
        }
        return new RecognizedLine(characters);
    }
}
