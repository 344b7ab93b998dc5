namespace AkkaOcr.Messages.Users;

/// <summary>
/// How much recognized text a <see cref="UserCommands.RecordOcrResult"/> carries, and so the "OCR finished"
/// mail: the start of the text, at most <see cref="Limit"/> characters. The whole text is in the HTTP answer.
/// </summary>
public static class MailedText
{
    public const int Limit = 4000;

    /// <summary>At most <see cref="Limit"/> characters, never half of a surrogate pair.</summary>
    public static string Cap(string text)
    {
        if (text.Length <= Limit)
            return text;
        var length = char.IsHighSurrogate(text[Limit - 1]) ? Limit - 1 : Limit;
        return text[..length];
    }
}
