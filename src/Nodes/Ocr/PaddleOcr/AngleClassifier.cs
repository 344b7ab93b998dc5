using SkiaSharp;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>PaddleOCR's text angle classifier: tells a line cut out upside down from one cut out upright.</summary>
internal sealed class AngleClassifier(OnnxModel model)
{
    private const int Height = 48;
    private const int Width = 192;
    private const int BatchSize = 8;

    /// <summary>A line is turned only when the classifier is at least this sure, as in PaddleOCR.</summary>
    private const float TurnThreshold = 0.9f;

    /// <summary>For each crop, whether it is upside down.</summary>
    public bool[] UpsideDown(IReadOnlyList<SKBitmap> crops, StageDeadline deadline)
    {
        var result = new bool[crops.Count];
        var slot = 3 * Height * Width;
        for (var first = 0; first < crops.Count; first += BatchSize)
        {
            var count = Math.Min(BatchSize, crops.Count - first);
            var input = new float[count * slot];
            for (var i = 0; i < count; i++)
            {
                var crop = crops[first + i];
                var width = Math.Clamp((int)MathF.Ceiling(Height * (float)crop.Width / crop.Height), 1, Width);
                using var resized = SkiaImage.Resized(crop, width, Height);
                TensorImage.Recognition.Write(resized, input.AsSpan(i * slot, slot), Width);
            }
            var batchStart = first;
            model.Run(input, [count, 3, Height, Width], deadline, "while classifying line angles", (scores, shape) =>
            {
                var classes = (int)shape[1];
                // Class 1 is "180": the line reads upside down.
                for (var i = 0; i < count; i++)
                    result[batchStart + i] = scores[i * classes + 1] > scores[i * classes] && scores[i * classes + 1] >= TurnThreshold;
                return 0;
            });
        }
        return result;
    }
}
