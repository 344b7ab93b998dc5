namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// A line as the recognizer read it: each character with its probability and where along the line it was
/// seen, as a fraction of the line's length from the start of its text.
/// </summary>
internal sealed record RecognizedLine(IReadOnlyList<RecognizedCharacter> Characters)
{
    public string Text => string.Concat(Characters.Select(character => character.Text));

    /// <summary>The mean of the characters' probabilities, 0–1; 0 for an empty line.</summary>
    public float Confidence => Characters.Count == 0 ? 0 : Characters.Average(character => character.Probability);
}

/// <param name="Text">One dictionary entry: one character, or a space.</param>
/// <param name="Position">Where the recognizer saw it: the centre of its time step as a fraction of the line's length.</param>
internal readonly record struct RecognizedCharacter(string Text, float Probability, float Position);
