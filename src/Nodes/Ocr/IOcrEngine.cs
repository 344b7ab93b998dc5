using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr;

/// <summary>
/// One OCR engine, used by one thread at a time: Tesseract, or PP-OCR on ONNX Runtime for GPU-capable nodes.
/// </summary>
public interface IOcrEngine : IDisposable
{
    /// <summary>The language the engine was loaded with, Tesseract style (<c>eng+deu</c>).</summary>
    string Language { get; }

    /// <summary>
    /// Whether this engine reads <paramref name="language"/> as it is: a worker keeps it for such a request
    /// instead of loading another. Tesseract loads each language on its own, so only its own.
    /// </summary>
    bool Reads(string language) => language == Language;

    /// <summary>Reads an encoded image (PNG, JPEG, TIFF, ...) from memory.</summary>
    /// <param name="cancellation">Stops the recognition between words, from any thread: the work was cancelled.</param>
    /// <exception cref="OcrEngineException">
    /// The image is unreadable or too large, the deadline passed, the work was cancelled, or the engine failed.
    /// </exception>
    OcrPage Recognize(ReadOnlySpan<byte> image, OcrOptions options, TimeSpan timeout, CancellationToken cancellation = default);
}
