namespace AkkaOcr.Tests.Infrastructure;

/// <summary>Polls a condition that becomes true through the cluster's own timing, with a bound.</summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (condition(last))
                return last;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s; last value: {last}");
    }
}
