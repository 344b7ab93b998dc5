namespace AkkaOcr.Documents.Storage;

/// <summary>The outputs built once when a job succeeds and stored in <c>ocr_job_outputs</c>; the others are rendered from the pages on request.</summary>
public static class JobOutputs
{
    /// <summary>The searchable PDF: the original pages with an invisible text layer.</summary>
    public const string Pdf = "pdf";
}
