namespace AkkaOcr.Gateway.Uploads;

/// <summary>
/// How many uploads (<c>POST /ocr</c>, <c>POST /ocr/jobs</c>) a gateway takes in at once: <c>Uploads__MaxConcurrent</c>
/// in all and <c>Uploads__MaxConcurrentPerUser</c> per signed-in user. An upload is held in memory while it is read
/// and checked, so these, times the size limits, bound what uploads can take of the gateway's memory.
/// </summary>
public sealed class UploadSettings
{
    public const string SectionName = "Uploads";

    public int MaxConcurrent { get; set; } = 8;

    public int MaxConcurrentPerUser { get; set; } = 2;

    public IEnumerable<string> Validate()
    {
        if (MaxConcurrent is < 1 or > 10_000)
            yield return $"Uploads__MaxConcurrent {MaxConcurrent} is outside 1 to 10000";
        if (MaxConcurrentPerUser < 1 || MaxConcurrentPerUser > MaxConcurrent)
            yield return $"Uploads__MaxConcurrentPerUser {MaxConcurrentPerUser} is outside 1 to Uploads__MaxConcurrent ({MaxConcurrent})";
    }
}
