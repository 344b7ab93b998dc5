using AkkaOcr.Ocr.PaddleOcr;

namespace AkkaOcr.Tests.Ocr.PaddleOcr;

/// <summary>Greedy CTC decoding, word splitting and word spacing, on recognizer outputs made by hand.</summary>
public sealed class CtcDecoderTests
{
    // Classes: 0 blank, 1 'a', 2 'b', 3 'c', 4 space.
    private static readonly CtcDecoder Decoder = new(["a", "b", "c"]);

    private static float[] Steps(params (int Class, float Probability)[] steps)
    {
        var probabilities = new float[steps.Length * Decoder.ClassCount];
        for (var t = 0; t < steps.Length; t++)
        {
            var (best, probability) = steps[t];
            for (var k = 0; k < Decoder.ClassCount; k++)
                probabilities[t * Decoder.ClassCount + k] = k == best ? probability : (1 - probability) / (Decoder.ClassCount - 1);
        }
        return probabilities;
    }

    [Fact]
    public void Repeats_merge_blanks_separate_and_the_last_class_is_a_space()
    {
        var output = Steps((1, 0.9f), (1, 0.8f), (0, 0.9f), (1, 0.7f), (4, 0.9f), (2, 0.6f), (0, 0.9f), (3, 0.9f));

        var line = Decoder.Decode(output, 8, lineFraction: 1);

        Assert.Equal("aa bc", line.Text);
        Assert.Equal([0.9f, 0.7f, 0.9f, 0.6f, 0.9f], line.Characters.Select(character => character.Probability));
        Assert.Equal((0.9f + 0.7f + 0.9f + 0.6f + 0.9f) / 5, line.Confidence, 0.0001f);
    }

    [Fact]
    public void Positions_are_fractions_of_the_lines_own_width_not_of_the_padding()
    {
        // The line filled half the padded input: the step at three quarters of the input lies past its end.
        var output = Steps((1, 0.9f), (0, 0.9f), (2, 0.9f), (0, 0.9f));

        var line = Decoder.Decode(output, 4, lineFraction: 0.5f);

        Assert.Equal([0.25f, 1f], line.Characters.Select(character => character.Position));
    }

    [Fact]
    public void Words_are_split_at_spaces_with_boxes_in_order_along_the_line()
    {
        var region = new TextQuad(new PointF(100, 10), new PointF(300, 10), new PointF(300, 40), new PointF(100, 40));
        var line = new RecognizedLine([
            new("a", 0.9f, 0.1f), new("b", 0.8f, 0.2f), new(" ", 0.9f, 0.5f), new("c", 0.7f, 0.8f), new("a", 0.9f, 0.9f)]);

        var words = LineWords.Of(line, region).ToList();

        Assert.Equal(["ab", "ca"], words.Select(word => word.Text));
        Assert.Equal([85f, 80f], words.Select(word => word.Confidence));
        // "ab" from 0.05 to 0.35 of the 200 px line, "ca" from 0.65 to 0.95.
        Assert.Equal((110, 10, 60, 30), (words[0].Left, words[0].Top, words[0].Width, words[0].Height));
        Assert.Equal((230, 10, 60, 30), (words[1].Left, words[1].Top, words[1].Width, words[1].Height));
    }

    [Fact]
    public void A_space_goes_back_between_latin_letters_with_a_word_wide_gap_but_not_before_a_full_stop_or_between_chinese()
    {
        var line = new RecognizedLine([
            new("a", 0.9f, 0.1f), new("b", 0.9f, 0.3f), new(".", 0.9f, 0.45f), new("北", 0.9f, 0.6f), new("京", 0.9f, 0.8f)]);
        (float, float)[] gaps = [(0.15f, 0.25f), (0.35f, 0.42f), (0.65f, 0.75f)];

        var spaced = WordSpacing.Restore(line, gaps);

        Assert.Equal("a b.北京", spaced.Text);
        Assert.Equal(0.2f, spaced.Characters[1].Position, 0.0001f);
    }
}
