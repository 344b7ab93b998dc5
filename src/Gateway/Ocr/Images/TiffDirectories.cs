using System.Buffers.Binary;

namespace AkkaOcr.Gateway.Ocr.Images;

/// <summary>
/// Walks the chain of image file directories of a classic TIFF, in either byte order. Every directory
/// is an image a decoder may allocate, so the largest one counts against the pixel cap. The walk is
/// bounded: a few kilobytes can hold thousands of directories, or a chain that points back into itself.
/// Multi-page documents within the bound are accepted.
/// </summary>
internal static class TiffDirectories
{
    public const int MaxDirectories = 500;

    private const int EntryLength = 12;
    private const ushort BigTiffVersion = 43;
    private const ushort ImageWidthTag = 256;
    private const ushort ImageLengthTag = 257;
    private const ushort ShortType = 3;
    private const ushort LongType = 4;

    private static readonly (int, int, ImageRefusal) Malformed = (0, 0, ImageRefusal.None);

    public static (int Width, int Height, ImageRefusal Refusal) Largest(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
            return Malformed;
        var little = data[0] == 'I';
        if (U16(data, 2, little) == BigTiffVersion)
            return (0, 0, ImageRefusal.BigTiff);

        var visited = new HashSet<uint>();
        (int Width, int Height) largest = (0, 0);
        for (var offset = U32(data, 4, little); offset != 0;)
        {
            if (!visited.Add(offset))
                return (0, 0, ImageRefusal.TiffDirectoryLoop);
            if (visited.Count > MaxDirectories)
                return (0, 0, ImageRefusal.TooManyTiffDirectories);
            if (offset > data.Length - 2)
                return Malformed;
            var entries = data.Slice((int)offset + 2);
            var entriesLength = U16(data, (int)offset, little) * EntryLength;
            if (entriesLength + 4 > entries.Length)
                return Malformed;
            var (width, height) = Dimensions(entries[..entriesLength], little);
            if (width <= 0 || height <= 0)
                return Malformed;
            if ((long)width * height > (long)largest.Width * largest.Height)
                largest = (width, height);
            offset = U32(entries, entriesLength, little);
        }
        return visited.Count == 0 ? Malformed : (largest.Width, largest.Height, ImageRefusal.None);
    }

    /// <summary>ImageWidth and ImageLength of one directory; the first of a repeated tag counts, as in libtiff.</summary>
    private static (int Width, int Height) Dimensions(ReadOnlySpan<byte> entries, bool little)
    {
        int width = 0, height = 0;
        for (var entry = 0; entry < entries.Length && (width == 0 || height == 0); entry += EntryLength)
        {
            var tag = U16(entries, entry, little);
            if (tag is not (ImageWidthTag or ImageLengthTag) || (tag == ImageWidthTag ? width : height) != 0)
                continue;
            var value = U16(entries, entry + 2, little) switch
            {
                ShortType => U16(entries, entry + 8, little),
                LongType => ToInt(U32(entries, entry + 8, little)),
                _ => -1,
            };
            if (value <= 0)
                return (0, 0);
            if (tag == ImageWidthTag)
                width = value;
            else
                height = value;
        }
        return (width, height);
    }

    private static uint U32(ReadOnlySpan<byte> data, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);

    private static ushort U16(ReadOnlySpan<byte> data, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    private static int ToInt(uint value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
