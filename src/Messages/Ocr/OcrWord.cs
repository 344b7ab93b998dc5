namespace AkkaOcr.Messages.Ocr;

/// <summary>One recognized word, its confidence (0 to 100) and its box in image pixels.</summary>
public sealed record OcrWord(string Text, float Confidence, int Left, int Top, int Width, int Height) : IAkkaOcrMessage;
