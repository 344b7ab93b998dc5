using Microsoft.Win32.SafeHandles;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>A <c>TessBaseAPI*</c>: ended (models unloaded) and deleted on release.</summary>
internal sealed class TessBaseApiHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle()
    {
        TesseractApi.TessBaseAPIEnd(handle);
        TesseractApi.TessBaseAPIDelete(handle);
        return true;
    }
}
