using System.Runtime.InteropServices;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>
/// The part of libtesseract's C API (capi.h) the engine uses. Debian ships only the versioned file
/// name, so the library is named with its soname.
/// </summary>
internal static partial class TesseractApi
{
    public const string Library = "libtesseract.so.5";

    /// <summary>Tesseract's <c>TessPageIteratorLevel</c>.</summary>
    public const int WordLevel = 3;

    [LibraryImport(Library)]
    public static partial TessBaseApiHandle TessBaseAPICreate();

    [LibraryImport(Library)]
    public static partial void TessBaseAPIDelete(IntPtr api);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIEnd(IntPtr api);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit3(TessBaseApiHandle api, string dataPath, string language);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPISetVariable(TessBaseApiHandle api, string name, string value);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetPageSegMode(TessBaseApiHandle api, int mode);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetImage2(TessBaseApiHandle api, PixHandle pix);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetSourceResolution(TessBaseApiHandle api, int ppi);

    [LibraryImport(Library)]
    public static partial int TessBaseAPIRecognize(TessBaseApiHandle api, TessMonitorHandle monitor);

    [LibraryImport(Library)]
    public static partial TessTextHandle TessBaseAPIGetUTF8Text(TessBaseApiHandle api);

    [LibraryImport(Library)]
    public static partial TessTextHandle TessBaseAPIGetHOCRText(TessBaseApiHandle api, int pageNumber);

    [LibraryImport(Library)]
    public static partial TessTextHandle TessBaseAPIGetTsvText(TessBaseApiHandle api, int pageNumber);

    /// <summary>The page's ALTO XML (its <c>Page</c> element); <paramref name="pageNumber"/> from 0 names it.</summary>
    [LibraryImport(Library)]
    public static partial TessTextHandle TessBaseAPIGetAltoText(TessBaseApiHandle api, int pageNumber);

    /// <summary>The resolution recognition used: the one set, the image's own, or Tesseract's estimate from the text size.</summary>
    [LibraryImport(Library)]
    public static partial int TessBaseAPIGetSourceYResolution(TessBaseApiHandle api);

    /// <summary>
    /// Orientation and script detection on the image set; needs an engine loaded with <c>osd</c>.
    /// <paramref name="orientationDegrees"/> is how far the image is turned clockwise from upright.
    /// <paramref name="scriptName"/> is Tesseract's own string, never freed. Nonzero on success.
    /// </summary>
    [LibraryImport(Library)]
    public static partial int TessBaseAPIDetectOrientationScript(
        TessBaseApiHandle api, out int orientationDegrees, out float orientationConfidence, out IntPtr scriptName, out float scriptConfidence);

    [LibraryImport(Library)]
    public static partial int TessBaseAPIMeanTextConf(TessBaseApiHandle api);

    [LibraryImport(Library)]
    public static partial TessResultIteratorHandle TessBaseAPIGetIterator(TessBaseApiHandle api);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIClear(TessBaseApiHandle api);

    [LibraryImport(Library)]
    public static partial void TessDeleteText(IntPtr text);

    [LibraryImport(Library)]
    public static partial IntPtr TessVersion();

    [LibraryImport(Library)]
    public static partial void TessResultIteratorDelete(IntPtr iterator);

    [LibraryImport(Library)]
    public static partial int TessResultIteratorNext(TessResultIteratorHandle iterator, int level);

    [LibraryImport(Library)]
    public static partial TessTextHandle TessResultIteratorGetUTF8Text(TessResultIteratorHandle iterator, int level);

    [LibraryImport(Library)]
    public static partial float TessResultIteratorConfidence(TessResultIteratorHandle iterator, int level);

    /// <summary>Borrowed from the result iterator; never freed on its own.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr TessResultIteratorGetPageIteratorConst(TessResultIteratorHandle iterator);

    [LibraryImport(Library)]
    public static partial int TessPageIteratorBoundingBox(
        IntPtr pageIterator, int level, out int left, out int top, out int right, out int bottom);

    [LibraryImport(Library)]
    public static partial TessMonitorHandle TessMonitorCreate();

    [LibraryImport(Library)]
    public static partial void TessMonitorDelete(IntPtr monitor);

    /// <summary>Recognition stops, and <c>TessBaseAPIRecognize</c> fails, once this many milliseconds have passed.</summary>
    [LibraryImport(Library)]
    public static partial void TessMonitorSetDeadlineMSecs(TessMonitorHandle monitor, int deadline);

    /// <summary>
    /// A C function <c>bool (*)(void* cancelThis, int words)</c> that recognition calls between words;
    /// true stops it, and <c>TessBaseAPIRecognize</c> fails.
    /// </summary>
    [LibraryImport(Library)]
    public static partial void TessMonitorSetCancelFunc(TessMonitorHandle monitor, IntPtr cancelFunction);

    /// <summary>The pointer the cancel function is called with.</summary>
    [LibraryImport(Library)]
    public static partial void TessMonitorSetCancelThis(TessMonitorHandle monitor, IntPtr cancelThis);

    /// <summary>A renderer that writes <c>outputBase.pdf</c>; <paramref name="textOnly"/> 1 leaves the image out.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial TessResultRendererHandle TessPDFRendererCreate(string outputBase, string dataPath, int textOnly);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessResultRendererBeginDocument(TessResultRendererHandle renderer, string title);

    /// <summary>Renders the engine's current results; they must not have been cleared yet.</summary>
    [LibraryImport(Library)]
    public static partial int TessResultRendererAddImage(TessResultRendererHandle renderer, TessBaseApiHandle api);

    [LibraryImport(Library)]
    public static partial int TessResultRendererEndDocument(TessResultRendererHandle renderer);

    /// <summary>Deleting the renderer closes its file: only then is everything written.</summary>
    [LibraryImport(Library)]
    public static partial void TessDeleteResultRenderer(IntPtr renderer);
}
