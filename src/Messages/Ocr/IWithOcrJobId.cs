namespace AkkaOcr.Messages.Ocr;

/// <summary>A message about one recognition job.</summary>
public interface IWithOcrJobId : IAkkaOcrMessage
{
    OcrJobId JobId { get; }
}
