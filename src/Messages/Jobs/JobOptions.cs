namespace AkkaOcr.Messages.Jobs;

/// <summary>
/// How a job's pages are read. <paramref name="Language"/> and <paramref name="PageSegmentationMode"/> are
/// Tesseract's; <paramref name="Rotate"/> turns pages upright, <paramref name="Deskew"/> straightens them,
/// and <paramref name="SkipText"/> answers a page that already carries text from that text.
/// </summary>
public sealed record JobOptions(string Language, int PageSegmentationMode, bool Rotate, bool Deskew, bool SkipText) : IAkkaOcrMessage;
