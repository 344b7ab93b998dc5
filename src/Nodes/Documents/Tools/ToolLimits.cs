namespace AkkaOcr.Documents.Tools;

/// <summary>
/// The bounds one run of a document tool lives within: a parser of an uploaded file may loop, balloon or
/// flood its output on purpose, and each of those must end as a failure of that run, not of the node.
/// </summary>
/// <param name="Timeout">Wall-clock time until the process tree is killed.</param>
/// <param name="MemoryBytes">Address-space limit of the tool (RLIMIT_AS), so an allocation bomb fails inside it.</param>
/// <param name="MaxOutputBytes">Most bytes kept from its standard output; more kills the tool.</param>
public sealed record ToolLimits(TimeSpan Timeout, long MemoryBytes, long MaxOutputBytes)
{
    /// <summary>Room for a 300 dpi page of a large format, far from what a machine can spare.</summary>
    public static ToolLimits Default { get; } = new(TimeSpan.FromSeconds(60), 1L << 30, 256L << 20);
}
