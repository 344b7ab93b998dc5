using AkkaOcr.Mail;
using AkkaOcr.Messages.Users;

namespace AkkaOcr.Tests.Mail;

/// <summary>The "OCR finished" mail: the text, capped, and said so when it is.</summary>
public sealed class OcrFinishedMailTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 0, TimeSpan.Zero);

    [Fact]
    public void A_short_text_is_mailed_whole()
    {
        var mail = MailComposer.OcrFinishedMail("ada@example.org", "Hello world", 11, 93.4f, At);

        Assert.Equal("Your AkkaOcr text is ready", mail.Subject);
        Assert.Contains("Hello world", mail.Body);
        Assert.Contains("05:06 UTC on 4 March 2026", mail.Body);
        Assert.Contains("mean confidence 93%", mail.Body);
        Assert.DoesNotContain("characters;", mail.Body);
        Assert.Equal("ocr", mail.Other![MailComposer.KindKey]);
    }

    [Fact]
    public void A_long_text_is_capped_and_the_mail_says_so()
    {
        var text = string.Concat(Enumerable.Repeat("word ", 2000));
        var capped = MailedText.Cap(text);

        Assert.Equal(MailedText.Limit, capped.Length);
        var mail = MailComposer.OcrFinishedMail("ada@example.org", capped, text.Length, 90, At);
        Assert.Contains($"The first {MailedText.Limit} of {text.Length} characters", mail.Body);
    }

    [Fact]
    public void Capping_never_splits_a_surrogate_pair()
    {
        var text = new string('a', MailedText.Limit - 1) + "\U0001F600" + "tail";

        var capped = MailedText.Cap(text);

        Assert.Equal(MailedText.Limit - 1, capped.Length);
        Assert.False(char.IsHighSurrogate(capped[^1]));
    }

    [Fact]
    public void An_image_without_text_gets_a_mail_that_says_so() =>
        Assert.Contains("No text was found", MailComposer.OcrFinishedMail("ada@example.org", "  ", 2, 0, At).Body);
}
