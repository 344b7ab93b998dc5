namespace AkkaOcr.Documents.Tools;

/// <summary>
/// An upload is refused as a document. <see cref="Detail"/> is a sentence for the person who sent it (the
/// detail of a problem body): it says what is wrong and never quotes the file.
/// </summary>
public sealed class DocumentRefusedException(DocumentRefusal reason, string detail, Exception? inner = null)
    : Exception(detail, inner)
{
    public DocumentRefusal Reason { get; } = reason;

    public string Detail { get; } = detail;
}
