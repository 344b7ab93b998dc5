using Microsoft.Win32.SafeHandles;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>A Leptonica <c>PIX*</c>, destroyed on release.</summary>
internal sealed class PixHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle()
    {
        var pix = handle;
        LeptonicaApi.pixDestroy(ref pix);
        return true;
    }
}
