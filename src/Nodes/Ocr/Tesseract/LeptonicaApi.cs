using System.Runtime.InteropServices;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>The part of Leptonica (Tesseract's image library) used to decode uploads from memory.</summary>
internal static partial class LeptonicaApi
{
    public const string Library = "liblept.so.5";

    /// <summary>Leptonica's <c>L_SEVERITY_NONE</c>: its own messages to stderr are turned off; errors surface as results.</summary>
    public const int SeverityNone = 6;

    [LibraryImport(Library)]
    public static partial PixHandle pixReadMem(ref byte data, nuint size);

    /// <summary>Reads format and dimensions without decoding the pixels; 0 on success.</summary>
    [LibraryImport(Library)]
    public static partial int pixReadHeaderMem(
        ref byte data, nuint size, out int format, out int width, out int height,
        out int bitsPerSample, out int samplesPerPixel, out int isColormapped);

    /// <summary>Page <paramref name="page"/> (from 0) of a TIFF; null past the last page.</summary>
    [LibraryImport(Library)]
    public static partial PixHandle pixReadMemTiff(ref byte data, nuint size, int page);

    /// <summary>Dimensions of page <paramref name="page"/> (from 0) of a TIFF without decoding it; 0 on success, 1 past the last page.</summary>
    [LibraryImport(Library)]
    public static partial int readHeaderMemTiff(
        ref byte data, nuint size, int page, out int width, out int height,
        out int bitsPerSample, out int samplesPerPixel, out int resolution, out int isColormapped, out int format);

    [LibraryImport(Library)]
    public static partial void pixDestroy(ref IntPtr pix);

    [LibraryImport(Library)]
    public static partial int pixGetXRes(PixHandle pix);

    [LibraryImport(Library)]
    public static partial int pixGetWidth(PixHandle pix);

    [LibraryImport(Library)]
    public static partial int pixGetHeight(PixHandle pix);

    /// <summary>A new image turned clockwise by <paramref name="quarterTurns"/> times 90 degrees (0 to 3).</summary>
    [LibraryImport(Library)]
    public static partial PixHandle pixRotateOrth(PixHandle pix, int quarterTurns);

    /// <summary>
    /// The image straightened, turned clockwise by <paramref name="angle"/> degrees about its centre and of the
    /// same size; or, when the skew is too small or too uncertain to correct, a clone of the same image
    /// (the same pointer) while <paramref name="angle"/> still says what was measured. <paramref name="reducedSearch"/> 0 is Leptonica's default.
    /// </summary>
    [LibraryImport(Library)]
    public static partial PixHandle pixFindSkewAndDeskew(PixHandle pix, int reducedSearch, out float angle, out float confidence);

    [LibraryImport(Library)]
    public static partial int setMsgSeverity(int severity);
}
