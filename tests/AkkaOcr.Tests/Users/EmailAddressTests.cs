using AkkaOcr.Gateway.Users;

namespace AkkaOcr.Tests.Users;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("ada@example.org", "ada@example.org")]
    [InlineData("  Ada.Lovelace+ocr@Example.ORG ", "ada.lovelace+ocr@example.org")]
    public void Valid_addresses_are_trimmed_and_lower_cased(string input, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nope")]
    [InlineData("@example.org")]
    [InlineData("ada@")]
    [InlineData("ada@localhost")]
    [InlineData("Ada <ada@example.org>")]
    [InlineData("ada lovelace@example.org")]
    [InlineData("<@relay.example.org:ada@example.org>")]
    [InlineData("team: ada@example.org, bob@example.org;")]
    public void Anything_but_one_plain_mailbox_is_refused(string? input) =>
        Assert.False(EmailAddress.TryNormalize(input, out _));

    [Fact]
    public void Addresses_longer_than_254_characters_are_refused()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".org";
        Assert.True($"{local}@{domain}".Length > EmailAddress.MaxLength);
        Assert.False(EmailAddress.TryNormalize($"{local}@{domain}", out _));
    }
}
