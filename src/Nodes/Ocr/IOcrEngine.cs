using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr;

/// <summary>
/// One OCR engine, used by one thread at a time. Tesseract is the only one today; the seam is where an
/// engine for GPU-capable nodes would go.
/// </summary>
public interface IOcrEngine : IDisposable
{
    /// <summary>The language the engine was loaded with, Tesseract style (<c>eng+deu</c>).</summary>
    string Language { get; }

    /// <summary>Reads an encoded image (PNG, JPEG, TIFF, ...) from memory.</summary>
    /// <param name="cancellation">Stops the recognition between words, from any thread: the work was cancelled.</param>
    /// <exception cref="OcrEngineException">
    /// The image is unreadable or too large, the deadline passed, the work was cancelled, or the engine failed.
    /// </exception>
    OcrPage Recognize(ReadOnlySpan<byte> image, OcrOptions options, TimeSpan timeout, CancellationToken cancellation = default);
}
