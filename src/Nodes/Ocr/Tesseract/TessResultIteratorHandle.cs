using Microsoft.Win32.SafeHandles;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>A <c>TessResultIterator*</c> over the last recognition, deleted on release.</summary>
internal sealed class TessResultIteratorHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle()
    {
        TesseractApi.TessResultIteratorDelete(handle);
        return true;
    }
}
