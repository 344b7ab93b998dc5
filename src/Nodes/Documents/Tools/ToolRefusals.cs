namespace AkkaOcr.Documents.Tools;

/// <summary>
/// Turns a failed tool run on an upload into a refusal of the upload: a file that breaks, hangs or floods
/// a parser within the limits is one the service will not read, and its sender is told so.
/// </summary>
internal static class ToolRefusals
{
    public static DocumentRefusedException Unreadable(DocumentToolException failure) => new(
        DocumentRefusal.Unreadable,
        failure.Failure switch
        {
            DocumentToolFailure.TimedOut => "The document could not be read within the time allowed for it.",
            DocumentToolFailure.OutOfMemory => "The document could not be read within the memory allowed for it.",
            DocumentToolFailure.OutputTooLarge => "The document is too large to be read.",
            _ => "The document could not be read: it is damaged, or not what its first bytes say it is.",
        },
        failure);
}
