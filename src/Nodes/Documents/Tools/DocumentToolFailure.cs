namespace AkkaOcr.Documents.Tools;

/// <summary>How a run of a document tool ended without a usable result.</summary>
public enum DocumentToolFailure
{
    /// <summary>It ran past its deadline and its process tree was killed.</summary>
    TimedOut,

    /// <summary>It ran out of its address space (as far as its error output tells).</summary>
    OutOfMemory,

    /// <summary>It wrote more than its output bound and was killed.</summary>
    OutputTooLarge,

    /// <summary>It exited with a status that means failure.</summary>
    Failed,
}
