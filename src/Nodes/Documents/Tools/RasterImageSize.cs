using System.Buffers.Binary;

namespace AkkaOcr.Documents.Tools;

/// <summary>
/// The pixel size of an image the rasterizer wrote, read from its header: PNG's IHDR, or the first
/// directory of a TIFF. The size is checked against what was asked for, so the header is read, not assumed.
/// </summary>
internal static class RasterImageSize
{
    private const ushort TiffImageWidth = 256;
    private const ushort TiffImageLength = 257;
    private const ushort TiffShort = 3;
    private const ushort TiffLong = 4;
    private const int TiffEntryBytes = 12;

    public static (int Width, int Height) Read(byte[] image, RasterImageFormat format) => format switch
    {
        RasterImageFormat.Png => Png(image),
        RasterImageFormat.Tiff => Tiff(image),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    private static (int Width, int Height) Png(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 24 || !png.AsSpan(0, 8).SequenceEqual(signature) || !png.AsSpan(12, 4).SequenceEqual("IHDR"u8))
            throw NoImage("PNG");
        return ((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)));
    }

    private static (int Width, int Height) Tiff(byte[] tiff)
    {
        if (tiff.Length < 8)
            throw NoImage("TIFF");
        var littleEndian = tiff[0] == 'I' && tiff[1] == 'I';
        if (!littleEndian && !(tiff[0] == 'M' && tiff[1] == 'M') || UInt16(tiff, 2, littleEndian) != 42)
            throw NoImage("TIFF");
        var directory = UInt32(tiff, 4, littleEndian);
        if (directory > (uint)(tiff.Length - 2))
            throw NoImage("TIFF");
        var entries = UInt16(tiff, (int)directory, littleEndian);
        int? width = null, height = null;
        for (var i = 0; i < entries; i++)
        {
            var entry = (int)directory + 2 + i * TiffEntryBytes;
            if (entry + TiffEntryBytes > tiff.Length)
                break;
            var tag = UInt16(tiff, entry, littleEndian);
            if (tag is not (TiffImageWidth or TiffImageLength))
                continue;
            var value = UInt16(tiff, entry + 2, littleEndian) switch
            {
                TiffShort => UInt16(tiff, entry + 8, littleEndian),
                TiffLong => (int)Math.Min(UInt32(tiff, entry + 8, littleEndian), int.MaxValue),
                _ => 0,
            };
            if (tag == TiffImageWidth)
                width = value;
            else
                height = value;
        }

        return width is > 0 && height is > 0 ? (width.Value, height.Value) : throw NoImage("TIFF");
    }

    private static ushort UInt16(byte[] bytes, int offset, bool littleEndian) => littleEndian
        ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset))
        : BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset));

    private static uint UInt32(byte[] bytes, int offset, bool littleEndian) => littleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset))
        : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));

    private static DocumentToolException NoImage(string format) =>
        new(DocumentToolFailure.Failed, "pdftoppm", $"wrote no {format} image");
}
