using System.Buffers;

namespace AkkaOcr.Gateway.Hosting;

/// <summary>Reads a request body, or one part of it, into memory, stopping at the first byte past a bound.</summary>
public static class BoundedBody
{
    private const int ChunkBytes = 64 * 1024;

    /// <returns>The bytes read, positioned at 0; null when there were more than <paramref name="maxBytes"/>.</returns>
    public static async Task<MemoryStream?> ReadAsync(Stream body, long maxBytes, CancellationToken cancellationToken) =>
        await ReadBytesAsync(body, maxBytes, cancellationToken) is { } bytes ? new MemoryStream(bytes, writable: false) : null;

    /// <summary>
    /// Reads into fixed-size chunks rented from the shared pool, then copies them once into an array of exactly the
    /// length read. A growing buffer would copy the body at each doubling and leave up to twice its length allocated;
    /// here nothing larger than the body is ever allocated, and a body past the bound costs no more than the bound.
    /// </summary>
    /// <returns>The bytes read; null when there were more than <paramref name="maxBytes"/>.</returns>
    public static async Task<byte[]?> ReadBytesAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var chunks = new List<byte[]>();
        long length = 0;
        try
        {
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                chunks.Add(chunk);
                var filled = 0;
                int read;
                while (filled < ChunkBytes && (read = await body.ReadAsync(chunk.AsMemory(filled, ChunkBytes - filled), cancellationToken)) > 0)
                {
                    filled += read;
                    if (length + filled > maxBytes)
                        return null;
                }
                length += filled;
                if (filled < ChunkBytes)
                    break;
            }

            var bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
            var offset = 0;
            foreach (var chunk in chunks)
            {
                var count = (int)Math.Min(ChunkBytes, length - offset);
                chunk.AsSpan(0, count).CopyTo(bytes.AsSpan(offset));
                offset += count;
            }
            return bytes;
        }
        finally
        {
            foreach (var chunk in chunks)
                ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
