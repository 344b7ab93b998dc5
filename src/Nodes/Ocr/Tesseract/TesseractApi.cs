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
}
