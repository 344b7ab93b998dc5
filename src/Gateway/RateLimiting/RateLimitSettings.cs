namespace AkkaOcr.Gateway.RateLimiting;

/// <summary><c>RateLimits__PerClientPerMinute</c>: requests per client address per minute on <c>/auth/*</c> and <c>/ocr</c>.</summary>
public sealed class RateLimitSettings
{
    public const string SectionName = "RateLimits";

    public int PerClientPerMinute { get; set; } = 120;

    public IEnumerable<string> Validate()
    {
        if (PerClientPerMinute < 1)
            yield return $"RateLimits__PerClientPerMinute must be at least 1, not {PerClientPerMinute}";
    }
}
