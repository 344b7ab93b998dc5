using Microsoft.Win32.SafeHandles;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>An <c>ETEXT_DESC*</c>, Tesseract's progress monitor, which carries the deadline.</summary>
internal sealed class TessMonitorHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle()
    {
        TesseractApi.TessMonitorDelete(handle);
        return true;
    }
}
