namespace AkkaOcr.Gateway.RateLimiting;

/// <summary>
/// <c>RateLimits__PerClientPerMinute</c>: requests per client (an IPv4 address or an IPv6 /64) in any minute on
/// <c>/auth/*</c>, <c>/ocr</c> and <c>POST /ocr/jobs</c>.
/// </summary>
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
