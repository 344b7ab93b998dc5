namespace AkkaOcr.Gateway.Ocr.Images;

/// <summary>
/// Counts a JPEG's scans. A progressive decoder walks every block of the image once per scan, even a scan
/// with no data in it, so a file of a few kilobytes with thousands of empty scans costs scans × pixels:
/// minutes for an image under the pixel bound, in native code no deadline interrupts. Encoders write about
/// ten scans for a progressive image (libjpeg's default script), a baseline image has one per component.
/// </summary>
internal static class JpegScans
{
    /// <summary>Far above any encoder's output, low enough that the decode of the largest accepted image stays within seconds.</summary>
    public const int MaxScans = 100;

    private const byte StartOfScan = 0xDA;

    /// <summary>
    /// Whether the file has more than <see cref="MaxScans"/> start-of-scan markers. Inside entropy-coded data
    /// an 0xFF byte is always followed by 0x00 or a restart marker, so every 0xFF 0xDA is a real scan.
    /// </summary>
    public static bool TooMany(ReadOnlySpan<byte> data)
    {
        var scans = 0;
        for (var at = data.IndexOf((byte)0xFF); at >= 0 && at + 1 < data.Length; at = NextMarker(data, at + 1))
            if (data[at + 1] == StartOfScan && ++scans > MaxScans)
                return true;
        return false;
    }

    private static int NextMarker(ReadOnlySpan<byte> data, int from)
    {
        var found = data[from..].IndexOf((byte)0xFF);
        return found < 0 ? -1 : from + found;
    }
}
