using AkkaOcr.Messages.Ocr;

namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>One text region of the page as read, in reading order: its text, its upright box, its words.</summary>
internal sealed record ReadLine(string Text, (int Left, int Top, int Width, int Height) Box, IReadOnlyList<OcrWord> Words);
