using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>Decodes an upload with Leptonica, checking its dimensions before any pixel is decoded.</summary>
internal static class LeptonicaImage
{
    public static PixHandle Decode(ReadOnlySpan<byte> image, long maxPixels)
    {
        if (image.IsEmpty)
            throw new OcrEngineException(OcrFailure.UnreadableImage, "the image is empty");
        ref var first = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(image);
        var size = (nuint)image.Length;
        if (LeptonicaApi.pixReadHeaderMem(ref first, size, out _, out var width, out var height, out _, out _, out _) != 0
            || width <= 0 || height <= 0)
            throw new OcrEngineException(OcrFailure.UnreadableImage, "the image header cannot be read");
        if ((long)width * height > maxPixels)
            throw new OcrEngineException(OcrFailure.TooManyPixels,
                $"the image is {width}x{height} pixels, more than the {maxPixels} allowed");

        var pix = LeptonicaApi.pixReadMem(ref first, size);
        if (pix.IsInvalid)
        {
            pix.Dispose();
            throw new OcrEngineException(OcrFailure.UnreadableImage, "the image is corrupt or truncated");
        }
        return pix;
    }
}
