namespace AkkaOcr.Documents.Tools;

/// <summary>Tells a document's kind from its first bytes, the one part of an upload that cannot lie about how it will be parsed.</summary>
internal static class DocumentSignature
{
    public static DocumentKind? KindOf(ReadOnlySpan<byte> document) => document switch
    {
        _ when document.StartsWith("%PDF-"u8) => DocumentKind.Pdf,
        _ when document.StartsWith("II*\0"u8) || document.StartsWith("MM\0*"u8) => DocumentKind.Tiff,
        _ when document.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) => DocumentKind.Image,
        _ when document.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) => DocumentKind.Image,
        _ when document.StartsWith("GIF87a"u8) || document.StartsWith("GIF89a"u8) => DocumentKind.Image,
        _ when document.StartsWith("BM"u8) => DocumentKind.Image,
        _ when document.Length >= 12 && document.StartsWith("RIFF"u8) && document[8..12].SequenceEqual("WEBP"u8) => DocumentKind.Image,
        _ => null,
    };
}
