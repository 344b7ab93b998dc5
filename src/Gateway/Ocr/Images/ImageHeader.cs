using System.Buffers.Binary;

namespace AkkaOcr.Gateway.Ocr.Images;

/// <summary>
/// What the headers of an upload say: its format, and its dimensions where the header states them.
/// Read before any decoding, so a non-image is refused at the gateway and a small file that claims
/// gigapixels never reaches a decoder. For GIF and TIFF, whose decoders size each frame or directory
/// on its own, the dimensions are the largest the file holds; a PNG's image data is inflated, not
/// kept, only to check that it ends with the rows its header states.
/// </summary>
/// <param name="Width">0 when the header is too short or malformed to say.</param>
/// <param name="Refusal">A structure refused whatever the dimensions; then the dimensions are 0.</param>
public readonly record struct ImageHeader(ImageFormat Format, int Width, int Height, ImageRefusal Refusal = ImageRefusal.None)
{
    /// <summary>The accepted formats, as an error message lists them.</summary>
    public const string AcceptedFormats = "PNG, JPEG, TIFF, BMP, GIF, WebP or PNM";

    public bool HasDimensions => Width > 0 && Height > 0;

    public long Pixels => (long)Width * Height;

    /// <param name="maxPixels">
    /// The most pixels read at all: a PNG that states more is refused by its size alone, so its data is not
    /// inflated (a gigapixel claim would otherwise cost the gateway the whole inflation).
    /// </param>
    public static ImageHeader Read(ReadOnlySpan<byte> data, long maxPixels = long.MaxValue)
    {
        var format = Detect(data);
        var (width, height, refusal) = format switch
        {
            ImageFormat.Tiff => TiffDirectories.Largest(data),
            ImageFormat.Gif => GifBlocks.Largest(data),
            ImageFormat.Png when Png(data) is var (statedWidth, statedHeight) && (long)statedWidth * statedHeight <= maxPixels
                                 && PngImageData.InflatesPastItsRows(data) => (0, 0, ImageRefusal.PngDataPastItsRows),
            ImageFormat.Jpeg when JpegScans.TooMany(data) => (0, 0, ImageRefusal.TooManyJpegScans),
            _ => Accepted(format switch
            {
                ImageFormat.Png => Png(data),
                ImageFormat.Jpeg => Jpeg(data),
                ImageFormat.Bmp => Bmp(data),
                ImageFormat.WebP => WebP(data),
                ImageFormat.Pnm => Pnm(data),
                _ => (0, 0),
            }),
        };
        return width > 0 && height > 0 && refusal == ImageRefusal.None
            ? new ImageHeader(format, width, height)
            : new ImageHeader(format, 0, 0, refusal);
    }

    public static ImageFormat Detect(ReadOnlySpan<byte> data) => data switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImageFormat.Png,
        [0xFF, 0xD8, 0xFF, ..] => ImageFormat.Jpeg,
        [(byte)'I', (byte)'I', 42 or 43, 0, ..] or [(byte)'M', (byte)'M', 0, 42 or 43, ..] => ImageFormat.Tiff,
        [(byte)'B', (byte)'M', ..] when data.Length >= 18 => ImageFormat.Bmp,
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => ImageFormat.Gif,
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ImageFormat.WebP,
        [(byte)'P', >= (byte)'1' and <= (byte)'6', (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'#', ..] => ImageFormat.Pnm,
        _ => ImageFormat.Unknown,
    };

    private static (int, int) Png(ReadOnlySpan<byte> data) =>
        data.Length >= 24 && data[12..16].SequenceEqual("IHDR"u8)
            ? (ToInt(BinaryPrimitives.ReadUInt32BigEndian(data[16..])), ToInt(BinaryPrimitives.ReadUInt32BigEndian(data[20..])))
            : (0, 0);

    /// <summary>Walks the marker segments to the first start-of-frame, which holds the dimensions.</summary>
    private static (int, int) Jpeg(ReadOnlySpan<byte> data)
    {
        var position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF)
                return (0, 0);
            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);
            if (isStartOfFrame)
                return position + 9 <= data.Length
                    ? (BinaryPrimitives.ReadUInt16BigEndian(data[(position + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]))
                    : (0, 0);
            if (length < 2)
                return (0, 0);
            position += 2 + length;
        }
        return (0, 0);
    }

    private static (int, int) Bmp(ReadOnlySpan<byte> data)
    {
        if (data.Length < 26)
            return (0, 0);
        var infoSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (infoSize == 12)
            return (BinaryPrimitives.ReadUInt16LittleEndian(data[18..]), BinaryPrimitives.ReadUInt16LittleEndian(data[20..]));
        // A negative height means rows stored top-down; the size is its magnitude.
        var height = BinaryPrimitives.ReadInt32LittleEndian(data[22..]);
        return (BinaryPrimitives.ReadInt32LittleEndian(data[18..]), height == int.MinValue ? 0 : Math.Abs(height));
    }

    private static (int, int) WebP(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30)
            return (0, 0);
        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
            return (BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
            return (ReadUInt24(data[24..]) + 1, ReadUInt24(data[27..]) + 1);
        return (0, 0);
    }

    /// <summary>Netpbm: magic, then width and height as decimal text, with '#' comments allowed between.</summary>
    private static (int, int) Pnm(ReadOnlySpan<byte> data)
    {
        var position = 2;
        Span<int> numbers = stackalloc int[2];
        for (var n = 0; n < 2; n++)
        {
            while (position < data.Length && (IsWhitespace(data[position]) || data[position] == '#'))
            {
                if (data[position] == '#')
                    while (position < data.Length && data[position] != '\n')
                        position++;
                else
                    position++;
            }
            long value = 0;
            var digits = 0;
            while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9' && digits < 10)
            {
                value = value * 10 + (data[position++] - '0');
                digits++;
            }
            if (digits == 0 || value > int.MaxValue)
                return (0, 0);
            numbers[n] = (int)value;
        }
        return (numbers[0], numbers[1]);
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static int ReadUInt24(ReadOnlySpan<byte> data) => data[0] | data[1] << 8 | data[2] << 16;

    private static (int, int, ImageRefusal) Accepted((int Width, int Height) size) => (size.Width, size.Height, ImageRefusal.None);

    private static int ToInt(uint value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
