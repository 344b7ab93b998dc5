namespace AkkaOcr.Gateway.Hosting;

/// <summary>Reads a request body, or one part of it, into memory, stopping at the first byte past a bound.</summary>
public static class BoundedBody
{
    private const int ChunkBytes = 64 * 1024;

    /// <returns>The bytes read, positioned at 0; null when there were more than <paramref name="maxBytes"/>.</returns>
    public static async Task<MemoryStream?> ReadAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[(int)Math.Min(ChunkBytes, maxBytes + 1)];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                await buffer.DisposeAsync();
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }
}
