using Microsoft.Win32.SafeHandles;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>A <c>TessResultRenderer*</c>, deleted on release, which closes the file it writes.</summary>
internal sealed class TessResultRendererHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle()
    {
        TesseractApi.TessDeleteResultRenderer(handle);
        return true;
    }
}
