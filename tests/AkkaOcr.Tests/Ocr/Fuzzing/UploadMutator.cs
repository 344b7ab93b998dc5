using System.Buffers.Binary;
using System.Text;

namespace AkkaOcr.Tests.Ocr.Fuzzing;

/// <summary>
/// Deterministic mutations of valid files, the damage a hostile or broken client sends: bit flips, byte
/// runs, truncation, edited chunk and segment lengths, dimension fields set huge, and splices of two
/// files. The same seed gives the same inputs on every machine and .NET version (<see cref="Random"/>
/// with a seed keeps its legacy, stable sequence), so a failing input can be found again by its index.
/// </summary>
internal sealed class UploadMutator(int seed)
{
    /// <summary>Values that sit at the edges parsers get wrong: zero, one, sign bits, all ones.</summary>
    private static readonly uint[] InterestingValues =
        [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];

    private readonly Random _random = new(seed);

    /// <summary>One to three mutations of <paramref name="original"/>; <paramref name="others"/> feed the splices.</summary>
    public Mutant Mutate(FuzzSeed original, IReadOnlyList<FuzzSeed> others)
    {
        var data = (byte[])original.Content.Clone();
        var steps = new List<string>();
        for (var count = _random.Next(1, 4); count > 0 && data.Length > 0; count--)
        {
            var (mutated, step) = MutateOnce(original.Format, data, others);
            data = mutated;
            steps.Add(step);
        }
        // Most PNG damage stops at libpng's CRC check; with the CRCs made right again the decoder reads further.
        if (original.Format == "png" && _random.Next(2) == 0)
        {
            RepairPngCrcs(data);
            steps.Add("png-crcs-repaired");
        }
        return new Mutant(original.Format, data, string.Join(" + ", steps));
    }

    private (byte[] Data, string Step) MutateOnce(string format, byte[] data, IReadOnlyList<FuzzSeed> others) => _random.Next(8) switch
    {
        0 => FlipBits(data),
        1 => OverwriteRun(data),
        2 => Truncate(data),
        3 => EditLengthField(format, data),
        4 => EditLengthField(format, data),
        5 => HugeSize(format, data),
        6 => HugeSize(format, data),
        _ => Splice(data, others[_random.Next(others.Count)].Content),
    };

    private (byte[], string) FlipBits(byte[] data)
    {
        var flips = _random.Next(1, 9);
        for (var i = 0; i < flips; i++)
            data[_random.Next(data.Length)] ^= (byte)(1 << _random.Next(8));
        return (data, $"flip {flips} bits");
    }

    private (byte[], string) OverwriteRun(byte[] data)
    {
        var at = _random.Next(data.Length);
        var length = Math.Min(_random.Next(1, 65), data.Length - at);
        var randomBytes = _random.Next(2) == 0;
        var value = (byte)_random.Next(256);
        for (var i = at; i < at + length; i++)
            data[i] = randomBytes ? (byte)_random.Next(256) : value;
        return (data, $"run of {length} bytes at {at}");
    }

    private (byte[], string) Truncate(byte[] data)
    {
        // Cuts near the start hit headers, the others the pixel data.
        var keep = _random.Next(2) == 0 ? _random.Next(1, Math.Min(data.Length, 128)) : _random.Next(1, data.Length);
        return (data[..keep], $"truncated to {keep} bytes");
    }

    /// <summary>A chunk's or segment's length where the format has them, else any 16- or 32-bit field near the start.</summary>
    private (byte[], string) EditLengthField(string format, byte[] data)
    {
        var fields = format switch
        {
            "png" => PngChunkLengths(data),
            "jpeg" => JpegSegmentLengths(data),
            "webp" => RiffChunkSizes(data),
            _ => [],
        };
        var value = Interesting();
        if (fields.Count > 0)
        {
            var field = fields[_random.Next(fields.Count)];
            Write(data, field.Offset, field.Size, field.BigEndian, value);
            return (data, $"length field at {field.Offset} set to {value}");
        }
        var size = _random.Next(2) == 0 ? 2 : 4;
        var offset = _random.Next(Math.Max(1, Math.Min(data.Length, 256) - size));
        if (offset + size > data.Length)
            return FlipBits(data);
        Write(data, offset, size, _random.Next(2) == 0, value);
        return (data, $"{size}-byte field at {offset} set to {value}");
    }

    /// <summary>A dimension the file states set huge (or zero): the number a decoder sizes its buffers by.</summary>
    private (byte[], string) HugeSize(string format, byte[] data)
    {
        var value = _random.Next(4) == 0 ? 0u : (uint)_random.NextInt64(50_000, 0x1_0000_0000);
        switch (format)
        {
            case "png" when data.Length >= 24:
                Write(data, 16 + 4 * _random.Next(2), 4, bigEndian: true, value);
                return (data, $"IHDR dimension set to {value}");
            case "bmp" when data.Length >= 26:
                Write(data, 18 + 4 * _random.Next(2), 4, bigEndian: false, value);
                return (data, $"BMP dimension set to {value}");
            case "gif" when data.Length >= 10:
                Write(data, 6 + 2 * _random.Next(2), 2, bigEndian: false, value);
                return (data, $"GIF screen dimension set to {value & 0xFFFF}");
            case "jpeg" when JpegFrameHeader(data) is { } frame:
                Write(data, frame + 5 + 2 * _random.Next(2), 2, bigEndian: true, value);
                return (data, $"JPEG frame dimension set to {value & 0xFFFF}");
            case "tiff" when TiffDimensionValues(data) is { Count: > 0 } values:
                var field = values[_random.Next(values.Count)];
                Write(data, field.Offset, field.Size, field.BigEndian, value);
                return (data, $"TIFF dimension at {field.Offset} set to {value}");
            case "webp" when data.Length >= 30:
                // VP8X canvas (24-bit), VP8L packed 14-bit fields, VP8 frame: all within bytes 24..29.
                var at = 24 + _random.Next(4);
                Write(data, at, 2, bigEndian: false, value);
                return (data, $"WebP dimension bytes at {at} set to {value & 0xFFFF}");
            case "pnm" or "pdf":
                return HugeNumber(data, format == "pnm" ? 32 : data.Length);
            default:
                return EditLengthField(format, data);
        }
    }

    /// <summary>A decimal number of a text header (PNM) or of a PDF's objects (MediaBox, /Length, /Width) made huge.</summary>
    private (byte[], string) HugeNumber(byte[] data, int within)
    {
        var starts = new List<int>();
        for (var i = 1; i < Math.Min(within, data.Length); i++)
            if (char.IsAsciiDigit((char)data[i]) && !char.IsAsciiDigit((char)data[i - 1]))
                starts.Add(i);
        if (starts.Count == 0)
            return FlipBits(data);
        var start = starts[_random.Next(starts.Count)];
        var end = start;
        while (end < data.Length && char.IsAsciiDigit((char)data[end]))
            end++;
        var huge = Encoding.ASCII.GetBytes(_random.Next(3) switch { 0 => "0", 1 => "99999", _ => "4294967295" });
        return ([.. data[..start], .. huge, .. data[end..]], $"number at {start} set to {Encoding.ASCII.GetString(huge)}");
    }

    /// <summary>The head of this file and the tail of another, or a slice of the other inserted into this one.</summary>
    private (byte[], string) Splice(byte[] data, byte[] other)
    {
        var cut = _random.Next(data.Length);
        var from = _random.Next(other.Length);
        if (_random.Next(2) == 0)
            return ([.. data[..cut], .. other[from..]], $"spliced at {cut} with another file from {from}");
        var length = Math.Min(_random.Next(1, 513), other.Length - from);
        return ([.. data[..cut], .. other.AsSpan(from, length), .. data[cut..]], $"inserted {length} bytes of another file at {cut}");
    }

    private uint Interesting() =>
        _random.Next(3) == 0 ? (uint)_random.NextInt64(0, 0x1_0000_0000) : InterestingValues[_random.Next(InterestingValues.Length)];

    private static void Write(byte[] data, int offset, int size, bool bigEndian, uint value)
    {
        var span = data.AsSpan(offset, size);
        switch (size, bigEndian)
        {
            case (2, true): BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value); break;
            case (2, false): BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case (4, true): BinaryPrimitives.WriteUInt32BigEndian(span, value); break;
            default: BinaryPrimitives.WriteUInt32LittleEndian(span, value); break;
        }
    }

    private static List<Field> PngChunkLengths(byte[] data)
    {
        var fields = new List<Field>();
        for (var at = 8L; at + 12 <= data.Length; at += 12 + BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)at)))
            fields.Add(new Field((int)at, 4, true));
        return fields;
    }

    private static List<Field> JpegSegmentLengths(byte[] data)
    {
        var fields = new List<Field>();
        for (var at = 2; at + 4 <= data.Length && data[at] == 0xFF && data[at + 1] is not (0xDA or 0xD9);
             at += 2 + BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at + 2)))
            fields.Add(new Field(at + 2, 2, true));
        return fields;
    }

    private static List<Field> RiffChunkSizes(byte[] data)
    {
        var fields = new List<Field> { new(4, 4, false) };
        for (var at = 12L; at + 8 <= data.Length; at += 8 + ((BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)at + 4)) + 1) & ~1u))
            fields.Add(new Field((int)at + 4, 4, false));
        return fields;
    }

    /// <summary>Where the first start-of-frame segment (SOF0 to SOF15, not DHT, JPG or DAC) begins.</summary>
    private static int? JpegFrameHeader(byte[] data)
    {
        for (var at = 2; at + 9 <= data.Length && data[at] == 0xFF; at += 2 + BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at + 2)))
            if (data[at + 1] is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
                return at + 2;
        return null;
    }

    /// <summary>The value fields of ImageWidth (256) and ImageLength (257) in every directory of a classic TIFF.</summary>
    private static List<Field> TiffDimensionValues(byte[] data)
    {
        var fields = new List<Field>();
        if (data.Length < 8)
            return fields;
        var bigEndian = data[0] == 'M';
        uint UInt32(int at) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));
        int UInt16(int at) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));
        var directory = UInt32(4);
        for (var seen = 0; seen < 16 && directory >= 8 && directory + 2 <= data.Length; seen++)
        {
            var entries = UInt16((int)directory);
            for (var i = 0; i < entries && directory + 2 + 12 * (i + 1) <= data.Length; i++)
            {
                var entry = (int)directory + 2 + 12 * i;
                if (UInt16(entry) is 256 or 257)
                    fields.Add(UInt16(entry + 2) == 3 ? new Field(entry + 8, 2, bigEndian) : new Field(entry + 8, 4, bigEndian));
            }
            var next = (int)directory + 2 + 12 * entries;
            if (next + 4 > data.Length)
                break;
            directory = UInt32(next);
        }
        return fields;
    }

    /// <summary>Recomputes the CRC of every whole chunk, so the damage inside reaches the decoder.</summary>
    private static void RepairPngCrcs(byte[] data)
    {
        for (var at = 8L; at + 12 <= data.Length;)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)at));
            if (at + 12 + length > data.Length)
                return;
            var crc = HostileImages.Crc32(data.AsSpan((int)at + 4, (int)length + 4));
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan((int)(at + 8 + length)), crc);
            at += 12 + length;
        }
    }

    private sealed record Field(int Offset, int Size, bool BigEndian);
}
