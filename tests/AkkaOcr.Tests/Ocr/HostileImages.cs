using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace AkkaOcr.Tests.Ocr;

/// <summary>
/// Small files whose structure, not their header's first numbers, would make a decoder do unbounded
/// work: built byte by byte, so each test states exactly what the file claims.
/// </summary>
internal static class HostileImages
{
    /// <summary>
    /// A GIF89a with no color tables, a comment extension, and one image descriptor per frame, each
    /// followed by a 1-pixel LZW stream: the walk has to cross every kind of block.
    /// </summary>
    public static byte[] Gif((int Width, int Height) screen, params (int Width, int Height)[] frames)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8);
        AddUInt16(gif, screen.Width);
        AddUInt16(gif, screen.Height);
        gif.AddRange([0, 0, 0]); // no global color table, background, aspect ratio
        gif.AddRange([0x21, 0xFE, 4, .. "bomb"u8, 0]);
        foreach (var frame in frames)
        {
            gif.AddRange([0x2C, 0, 0, 0, 0]); // separator, left, top
            AddUInt16(gif, frame.Width);
            AddUInt16(gif, frame.Height);
            gif.AddRange([0, 2, 2, 0x44, 0x01, 0]); // no local color table, LZW code size 2, clear-0-end, terminator
        }
        gif.Add(0x3B);
        return [.. gif];
    }

    /// <summary>
    /// A classic TIFF of image file directories only, laid one after another, each stating width
    /// (LONG) and height (SHORT). With <paramref name="lastPointsBackTo"/> the last directory's
    /// next offset leads to that earlier directory instead of ending the chain.
    /// </summary>
    public static byte[] Tiff(bool littleEndian, IReadOnlyList<(int Width, int Height)> directories, int? lastPointsBackTo = null)
    {
        const int headerLength = 8, directoryLength = 2 + 2 * 12 + 4;
        var tiff = new byte[headerLength + directories.Count * directoryLength];
        var writer = new TiffWriter(tiff, littleEndian);
        tiff[0] = tiff[1] = (byte)(littleEndian ? 'I' : 'M');
        writer.UInt16(2, 42);
        writer.UInt32(4, headerLength);
        for (var i = 0; i < directories.Count; i++)
        {
            var at = headerLength + i * directoryLength;
            writer.UInt16(at, 2);
            writer.Entry(at + 2, tag: 256, type: 4, directories[i].Width);
            writer.Entry(at + 14, tag: 257, type: 3, directories[i].Height);
            var next = i + 1 < directories.Count ? at + directoryLength
                : lastPointsBackTo is { } target ? headerLength + target * directoryLength
                : 0;
            writer.UInt32(at + 26, (uint)next);
        }
        return tiff;
    }

    /// <summary>
    /// A grayscale PNG whose header states <paramref name="width"/>×<paramref name="height"/> but whose
    /// IDAT inflates to <paramref name="inflatedBytes"/> zeros, far more than the rows need.
    /// </summary>
    public static byte[] PngWithHugeIdat(int width, int height, long inflatedBytes)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; color type 0 (gray), default compression, filter and interlace
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", Zeros(inflatedBytes));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// The progressive JPEG with its last scan (header and entropy-coded data) repeated until it has
    /// <paramref name="scans"/> scans: each repeat is another pass of the decoder over every block.
    /// </summary>
    public static byte[] JpegWithScans(byte[] progressiveJpeg, int scans)
    {
        var data = progressiveJpeg.AsSpan();
        var starts = new List<int>();
        for (var at = 0; at + 1 < data.Length; at++)
            if (data[at] == 0xFF && data[at + 1] == 0xDA)
                starts.Add(at);
        var end = data.LastIndexOf([(byte)0xFF, (byte)0xD9]);
        if (starts.Count == 0 || end < starts[^1])
            throw new ArgumentException("not a JPEG with scans", nameof(progressiveJpeg));
        var lastScan = data[starts[^1]..end].ToArray();
        var jpeg = new List<byte>(data[..end].ToArray());
        for (var added = starts.Count; added < scans; added++)
            jpeg.AddRange(lastScan);
        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }

    private static byte[] Zeros(long count)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            for (var written = 0L; written < count; written += block.Length)
                zlib.Write(block, 0, (int)Math.Min(block.Length, count - written));
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var chunk = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 0);
        data.CopyTo(chunk, 4);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(chunk);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(chunk));
        png.Write(number);
    }

    /// <summary>The CRC of PNG chunks (ISO 3309); libpng refuses a critical chunk whose CRC is wrong.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    private static void AddUInt16(List<byte> bytes, int value) => bytes.AddRange([(byte)value, (byte)(value >> 8)]);

    private readonly struct TiffWriter(byte[] tiff, bool littleEndian)
    {
        public void UInt16(int at, ushort value)
        {
            if (littleEndian) BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), value);
            else BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), value);
        }

        public void UInt32(int at, uint value)
        {
            if (littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), value);
            else BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at), value);
        }

        /// <summary>One value in the entry's value field; a SHORT sits in its first two bytes in either byte order.</summary>
        public void Entry(int at, ushort tag, ushort type, int value)
        {
            UInt16(at, tag);
            UInt16(at + 2, type);
            UInt32(at + 4, 1);
            if (type == 3) UInt16(at + 8, (ushort)value);
            else UInt32(at + 8, (uint)value);
        }
    }
}
