using System.Text;

namespace AkkaOcr.Messages.Ocr;

/// <summary>One recognized word, its confidence (0 to 100), its box in image pixels, and its page (from 1) in a document.</summary>
public sealed record OcrWord([property: Secret] string Text, float Confidence, int Left, int Top, int Width, int Height, int Page = 1)
    : IAkkaOcrMessage
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Text = {SecretAttribute.Placeholder}, Confidence = {Confidence}, Left = {Left}, Top = {Top}, ");
        builder.Append($"Width = {Width}, Height = {Height}, Page = {Page}");
        return true;
    }
}
