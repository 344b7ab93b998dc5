namespace AkkaOcr.Documents.Tools;

/// <summary>Why an upload is not taken as a document; each is the uploader's to fix, so each maps to a client error.</summary>
public enum DocumentRefusal
{
    /// <summary>Damaged, truncated, or not what its first bytes claim; or too costly to read within the tool limits.</summary>
    Unreadable,

    /// <summary>A PDF that needs a password to be opened.</summary>
    Encrypted,

    /// <summary>A document without a single page.</summary>
    NoPages,

    /// <summary>More pages than one job may have.</summary>
    TooManyPages,

    /// <summary>Neither a PDF, a TIFF nor an image format the service reads.</summary>
    Unsupported,
}
