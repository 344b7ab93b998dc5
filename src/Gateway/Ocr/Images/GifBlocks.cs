using System.Buffers.Binary;

namespace AkkaOcr.Gateway.Ocr.Images;

/// <summary>
/// Walks a GIF's blocks from the logical screen descriptor to the trailer. giflib decodes a frame at
/// the size its image descriptor states, whatever the logical screen claims, and decodes every frame
/// before Leptonica learns a size; so each descriptor is read, and a file with more than one frame
/// is refused.
/// </summary>
internal static class GifBlocks
{
    private const int ScreenDescriptorEnd = 13;
    private const int ImageDescriptorLength = 10;
    private const byte ExtensionIntroducer = 0x21;
    private const byte ImageSeparator = 0x2C;
    private const byte Trailer = 0x3B;

    private static readonly (int, int, ImageRefusal) Malformed = (0, 0, ImageRefusal.None);

    /// <summary>The larger of the logical screen and the frame (Leptonica allocates the one, giflib the other).</summary>
    public static (int Width, int Height, ImageRefusal Refusal) Largest(ReadOnlySpan<byte> data)
    {
        if (data.Length < ScreenDescriptorEnd)
            return Malformed;
        var largest = (Width: U16(data, 6), Height: U16(data, 8));
        var position = ScreenDescriptorEnd + ColorTableLength(data[10]);
        var frames = 0;
        while (position < data.Length)
        {
            switch (data[position])
            {
                case Trailer:
                    return frames == 1 ? (largest.Width, largest.Height, ImageRefusal.None) : Malformed;
                case ExtensionIntroducer:
                    position = SkipSubBlocks(data, position + 2); // introducer and label
                    break;
                case ImageSeparator:
                    if (++frames > 1)
                        return (0, 0, ImageRefusal.MultiFrameGif);
                    if (position + ImageDescriptorLength > data.Length)
                        return Malformed;
                    var frame = (Width: U16(data, position + 5), Height: U16(data, position + 7));
                    if (frame.Width == 0 || frame.Height == 0)
                        return Malformed;
                    if ((long)frame.Width * frame.Height > (long)largest.Width * largest.Height)
                        largest = frame;
                    var lzwMinimumCodeSize = position + ImageDescriptorLength + ColorTableLength(data[position + 9]);
                    position = SkipSubBlocks(data, lzwMinimumCodeSize + 1);
                    break;
                default:
                    return Malformed;
            }
        }
        return Malformed; // the data ended before the trailer
    }

    private static int ColorTableLength(byte packedFields) =>
        (packedFields & 0x80) != 0 ? 3 << ((packedFields & 0x07) + 1) : 0;

    /// <summary>The position after the block terminator, or past the end when the data ends first.</summary>
    private static int SkipSubBlocks(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length)
        {
            var size = data[position];
            position += 1 + size;
            if (size == 0)
                return position;
        }
        return int.MaxValue;
    }

    private static int U16(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);
}
