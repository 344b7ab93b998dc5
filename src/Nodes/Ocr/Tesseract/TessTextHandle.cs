using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>A UTF-8 string Tesseract allocated for the caller, freed with <c>TessDeleteText</c>.</summary>
internal sealed class TessTextHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    /// <summary>Copies the text out and frees the native string; null when Tesseract returned none.</summary>
    public string? Take()
    {
        using (this)
            return IsInvalid ? null : Marshal.PtrToStringUTF8(handle);
    }

    protected override bool ReleaseHandle()
    {
        TesseractApi.TessDeleteText(handle);
        return true;
    }
}
