using AkkaOcr.Messages.Jobs;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace AkkaOcr.Gateway.Jobs;

/// <summary>
/// A job's entity tag names its phase, which is what <c>DELETE</c> acts on: <c>"active"</c> while it is queued or
/// running (a delete cancels it), then its final status (a delete deletes it). Progress does not change the tag,
/// so a page read between a client's look and its cancel does not fail the condition; the job finishing does.
/// </summary>
public static class JobEntityTags
{
    private const string ActiveName = "active";

    private static readonly IReadOnlyList<JobStatus> ActiveStatuses = [JobStatus.Queued, JobStatus.Running];

    public static string Of(JobStatus status) => $"\"{(status.IsFinal() ? status.ToApiName() : ActiveName)}\"";

    /// <summary>An <c>If-Match</c> header read as the statuses it accepts.</summary>
    public abstract record Condition;

    /// <summary>No header, or <c>*</c>: any job the caller sees.</summary>
    public sealed record Unconditional : Condition;

    /// <summary>
    /// The statuses the listed tags stand for; none when no tag names a phase. Weak tags match nothing, since
    /// <c>If-Match</c> compares strongly (RFC 9110, 13.1.1).
    /// </summary>
    public sealed record StatusIn(IReadOnlyList<JobStatus> Statuses) : Condition;

    public sealed record Malformed : Condition;

    public static Condition IfMatch(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
            return new Unconditional();
        if (!EntityTagHeaderValue.TryParseStrictList(header, out var tags) || tags.Count == 0)
            return new Malformed();
        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
            return new Unconditional();
        return new StatusIn([.. tags.Where(tag => !tag.IsWeak).SelectMany(tag => StatusesOf(tag.Tag.Value)).Distinct()]);
    }

    private static IEnumerable<JobStatus> StatusesOf(string? quotedTag)
    {
        var name = quotedTag?.Trim('"');
        if (name == ActiveName)
            return ActiveStatuses;
        return Enum.GetValues<JobStatus>().Where(status => status.IsFinal() && status.ToApiName() == name);
    }
}
