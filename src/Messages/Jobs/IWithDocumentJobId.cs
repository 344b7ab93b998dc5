namespace AkkaOcr.Messages.Jobs;

/// <summary>A message for one document job's entity; the shard region routes by the id.</summary>
public interface IWithDocumentJobId : IAkkaOcrMessage
{
    DocumentJobId JobId { get; }
}

/// <summary>An event in a document job's journal.</summary>
public interface IDocumentJobEvent : IAkkaOcrMessage;
