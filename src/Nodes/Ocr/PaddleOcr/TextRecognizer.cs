using SkiaSharp;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>
/// PP-OCRv4's recognizer: reads each upright line crop at a height of 48 pixels. Crops are sorted by their
/// shape and batched, each batch padded to its widest, so that similar lines share one run of the model.
/// </summary>
internal sealed class TextRecognizer(OnnxModel model, CtcDecoder decoder)
{
    private const int Height = 48;
    private const int BatchSize = 8;

    /// <summary>The narrowest input PaddleOCR feeds the recognizer (its 320 × 48 default shape).</summary>
    private const float MinAspect = 320f / Height;

    public RecognizedLine[] Recognize(IReadOnlyList<SKBitmap> crops, StageDeadline deadline)
    {
        var lines = new RecognizedLine[crops.Count];
        var order = Enumerable.Range(0, crops.Count).OrderBy(i => (float)crops[i].Width / crops[i].Height).ToArray();
        for (var first = 0; first < order.Length; first += BatchSize)
        {
            var batch = order.AsSpan(first, Math.Min(BatchSize, order.Length - first)).ToArray();
            var aspect = Math.Max(MinAspect, batch.Max(i => (float)crops[i].Width / crops[i].Height));
            var width = (int)(Height * aspect);
            var slot = 3 * Height * width;
            var input = new float[batch.Length * slot];
            var fractions = new float[batch.Length];
            var gaps = new List<(float From, float To)>[batch.Length];
            for (var b = 0; b < batch.Length; b++)
            {
                var crop = crops[batch[b]];
                var cropWidth = Math.Clamp((int)MathF.Ceiling(Height * (float)crop.Width / crop.Height), 1, width);
                fractions[b] = (float)cropWidth / width;
                using var resized = SkiaImage.Resized(crop, cropWidth, Height);
                TensorImage.Recognition.Write(resized, input.AsSpan(b * slot, slot), width);
                gaps[b] = WordSpacing.Gaps(resized);
            }
            model.Run(input, [batch.Length, 3, Height, width], deadline, "while recognizing lines", (output, shape) =>
            {
                var (steps, classes) = ((int)shape[1], (int)shape[2]);
                for (var b = 0; b < batch.Length; b++)
                    lines[batch[b]] = WordSpacing.Restore(decoder.Decode(output.Slice(b * steps * classes, steps * classes), steps, fractions[b]), gaps[b]);
                return 0;
            });
        }
        return lines;
    }
}
