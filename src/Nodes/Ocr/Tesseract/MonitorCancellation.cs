using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AkkaOcr.Ocr.Tesseract;

/// <summary>
/// Lets a <see cref="CancellationToken"/> stop a recognition in progress. Tesseract asks its monitor's cancel
/// function between words; that function is a static one callable from C, and it finds the token through
/// the monitor's <c>cancel_this</c> pointer, a handle to it that lives as long as this object.
/// </summary>
internal sealed unsafe class MonitorCancellation : IDisposable
{
    private GCHandle _token;

    private MonitorCancellation(TessMonitorHandle monitor, CancellationToken token)
    {
        _token = GCHandle.Alloc(new StrongBox<CancellationToken>(token));
        TesseractApi.TessMonitorSetCancelThis(monitor, GCHandle.ToIntPtr(_token));
        TesseractApi.TessMonitorSetCancelFunc(monitor, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, int, byte>)&IsCancelled);
    }

    /// <summary>Installs <paramref name="token"/> on <paramref name="monitor"/>; dispose it only after recognition returned.</summary>
    public static MonitorCancellation? Install(TessMonitorHandle monitor, CancellationToken token) =>
        token.CanBeCanceled ? new MonitorCancellation(monitor, token) : null;

    public void Dispose()
    {
        if (_token.IsAllocated)
            _token.Free();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte IsCancelled(IntPtr cancelThis, int words) =>
        // Reading a flag cannot throw, and nothing may: an exception cannot cross back into Tesseract.
        GCHandle.FromIntPtr(cancelThis).Target is StrongBox<CancellationToken> { Value.IsCancellationRequested: true } ? (byte)1 : (byte)0;
}
