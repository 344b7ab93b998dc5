using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace AkkaOcr.Gateway.Ocr.Images;

/// <summary>
/// Inflates a PNG's image data, without keeping it, to see whether it holds more than the rows its
/// header states. libpng fills the stated rows and then inflates whatever follows, a kilobyte at a time
/// and beyond any deadline, so a megabyte of IDAT can cost a worker seconds of CPU for a tiny image.
/// The check stops as soon as the data exceeds the rows; whether the data decodes at all is left to
/// the decoder.
/// </summary>
internal static class PngImageData
{
    private const int HeaderEnd = 29;
    private const int ChunkOverhead = 12;

    public static bool InflatesPastItsRows(ReadOnlySpan<byte> png)
    {
        if (png.Length < HeaderEnd || RowBytesLimit(png) is not { } limit)
            return false;
        var (compressed, length) = ImageData(png);
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed, 0, length), CompressionMode.Decompress);
            var inflated = 0L;
            for (var read = zlib.Read(scratch); read > 0; read = zlib.Read(scratch))
                if ((inflated += read) > limit)
                    return true;
            return false;
        }
        catch (InvalidDataException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    /// <summary>
    /// The bytes the rows take, each with its filter byte, plus what Adam7 interlacing may add: a filter
    /// byte and a partial byte for each row of its seven passes, fewer than four per image row. Null when
    /// the header is not one libpng reads, or states more pixels than any pixel cap allows.
    /// </summary>
    private static long? RowBytesLimit(ReadOnlySpan<byte> png)
    {
        long width = BinaryPrimitives.ReadUInt32BigEndian(png[16..]);
        long height = BinaryPrimitives.ReadUInt32BigEndian(png[20..]);
        var bitDepth = png[24];
        var channels = png[25] switch { 0 or 3 => 1, 4 => 2, 2 => 3, 6 => 4, _ => 0 };
        if (channels == 0 || bitDepth is not (1 or 2 or 4 or 8 or 16) || width * height > int.MaxValue)
            return null;
        var rowBytes = (width * channels * bitDepth + 7) / 8;
        return height * (rowBytes + 1) + 4 * height + 64;
    }

    /// <summary>The IDAT payloads in order, joined; a chunk cut short by the end of the file gives what is there.</summary>
    private static (byte[] Buffer, int Length) ImageData(ReadOnlySpan<byte> png)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(png.Length);
        var length = 0;
        for (var chunk = 8; chunk + ChunkOverhead <= png.Length;)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(png[chunk..]);
            var type = png.Slice(chunk + 4, 4);
            if (type.SequenceEqual("IEND"u8))
                break;
            var available = (int)Math.Min(size, (uint)(png.Length - chunk - 8));
            if (type.SequenceEqual("IDAT"u8))
            {
                png.Slice(chunk + 8, available).CopyTo(buffer.AsSpan(length));
                length += available;
            }
            if (available < size)
                break;
            chunk += ChunkOverhead + available;
        }
        return (buffer, length);
    }
}
