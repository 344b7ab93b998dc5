namespace AkkaOcr.LoadDriver;

public static class OtpWaiting
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The newest code for <paramref name="email"/> that is not in <paramref name="tried"/>, once one
    /// arrives within <paramref name="timeout"/>; null if none does.
    /// </summary>
    public static async Task<string?> WaitForNewCodeAsync(this IOtpSource source, string email, IReadOnlyCollection<string> tried,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var codes = await source.CodesAsync(email, cancellationToken);
            if (codes.Count > 0 && !tried.Contains(codes[^1]))
                return codes[^1];
            if (DateTime.UtcNow >= deadline)
                return null;
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
