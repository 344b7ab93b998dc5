namespace AkkaOcr.Messages.Jobs;

public static class JobQueries
{
    /// <summary>Answered with <see cref="JobReplies.Found"/>, or <see cref="JobReplies.NotFound"/> for anyone but the owner.</summary>
    public sealed record GetJob(DocumentJobId JobId, string OwnerId) : IWithDocumentJobId;
}
