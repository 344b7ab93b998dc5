using System.Runtime.InteropServices;
using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>
/// Decodes an upload with Leptonica, page by page, checking each page's dimensions before any of its pixels
/// is decoded. A TIFF has as many pages as directories; every other format one.
/// </summary>
internal static class LeptonicaImage
{
    /// <summary>Leptonica's TIFF formats: <c>IFF_TIFF</c> to <c>IFF_TIFF_ZIP</c> (4 to 10) and <c>IFF_TIFF_JPEG</c> (17).</summary>
    private static readonly HashSet<int> TiffFormats = [4, 5, 6, 7, 8, 9, 10, 17];

    /// <summary>
    /// The longest side Tesseract reads: its page layout keeps coordinates in 16-bit integers, so it fails
    /// (and the worker would restart its engine) on a wider or taller page however few pixels it has, such
    /// as a PDF whose MediaBox is 99999 points wide and one line high.
    /// </summary>
    public const int MaxSide = short.MaxValue;

    /// <summary>
    /// How many pages the image has, counting no further than <paramref name="countUpTo"/>: a document with
    /// more than a caller reads needs no exact count to be refused.
    /// </summary>
    public static int CountPages(ReadOnlySpan<byte> image, int countUpTo)
    {
        ref var first = ref Header(image, out var format, out _, out _);
        if (!TiffFormats.Contains(format))
            return 1;
        var pages = 1;
        while (pages < countUpTo && LeptonicaApi.readHeaderMemTiff(ref first, (nuint)image.Length, pages,
                   out _, out _, out _, out _, out _, out _, out _) == 0)
            pages++;
        return pages;
    }

    /// <summary>Page <paramref name="page"/> (from 0) of an image that has it, after checking its dimensions.</summary>
    public static PixHandle DecodePage(ReadOnlySpan<byte> image, int page, long maxPixels)
    {
        ref var first = ref Header(image, out var format, out var width, out var height);
        var size = (nuint)image.Length;
        var tiff = TiffFormats.Contains(format);
        if (tiff && page > 0 && (LeptonicaApi.readHeaderMemTiff(ref first, size, page, out width, out height,
                out _, out _, out _, out _, out _) != 0 || width <= 0 || height <= 0))
            throw new OcrEngineException(OcrFailure.UnreadableImage, $"page {page + 1} of the TIFF cannot be read");
        var which = page > 0 ? $"page {page + 1} is" : "the image is";
        if ((long)width * height > maxPixels)
            throw new OcrEngineException(OcrFailure.TooManyPixels, $"{which} {width}x{height} pixels, more than the {maxPixels} allowed");
        if (width > MaxSide || height > MaxSide)
            throw new OcrEngineException(OcrFailure.TooManyPixels, $"{which} {width}x{height} pixels, longer on one side than the {MaxSide} read");

        var pix = tiff ? LeptonicaApi.pixReadMemTiff(ref first, size, page) : LeptonicaApi.pixReadMem(ref first, size);
        if (pix.IsInvalid)
        {
            pix.Dispose();
            throw new OcrEngineException(OcrFailure.UnreadableImage,
                page > 0 ? $"page {page + 1} is corrupt or truncated" : "the image is corrupt or truncated");
        }
        return pix;
    }

    private static ref byte Header(ReadOnlySpan<byte> image, out int format, out int width, out int height)
    {
        if (image.IsEmpty)
            throw new OcrEngineException(OcrFailure.UnreadableImage, "the image is empty");
        ref var first = ref MemoryMarshal.GetReference(image);
        if (LeptonicaApi.pixReadHeaderMem(ref first, (nuint)image.Length, out format, out width, out height, out _, out _, out _) != 0
            || width <= 0 || height <= 0)
            throw new OcrEngineException(OcrFailure.UnreadableImage, "the image header cannot be read");
        return ref first;
    }
}
