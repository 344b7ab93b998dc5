namespace AkkaOcr.Documents.Tools;

/// <summary>
/// A document tool failed. The message names the tool and the way it failed, never what it read: it may
/// reach logs and problem bodies. <see cref="ErrorOutput"/> holds the start of the tool's error output,
/// which may quote the file, for diagnosis by an operator only.
/// </summary>
public sealed class DocumentToolException(DocumentToolFailure failure, string program, string detail, string errorOutput = "")
    : Exception($"{program}: {detail}")
{
    public DocumentToolFailure Failure { get; } = failure;

    public string Program { get; } = program;

    public string ErrorOutput { get; } = errorOutput;
}
