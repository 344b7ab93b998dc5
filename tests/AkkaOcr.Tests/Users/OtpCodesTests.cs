using System.Security.Cryptography;
using AkkaOcr.Users;

namespace AkkaOcr.Tests.Users;

/// <summary>Sealing the secrets that mail events carry: codes and recognized text, the empty text of a blank page included.</summary>
public sealed class OtpCodesTests
{
    private const string Email = "ada@example.org";
    private static readonly OtpCodes Codes = new("unit-test-data-key-0123456789abcdefghij"u8.ToArray());

    [Theory]
    [InlineData("")]
    [InlineData("042917")]
    [InlineData("Seite 1\fSeite 2 — ünïcödé")]
    public void A_secret_unseals_to_itself_the_empty_one_too(string secret) =>
        Assert.Equal(secret, Codes.Unseal(Email, Codes.Seal(Email, secret)));

    [Fact]
    public void A_seal_shorter_than_its_nonce_and_tag_is_refused()
    {
        var error = Assert.Throws<CryptographicException>(() => Codes.Unseal(Email, new byte[27]));
        Assert.Contains("27", error.Message);
    }

    [Fact]
    public void A_seal_under_another_key_or_for_another_address_or_altered_is_refused()
    {
        var sealedCode = Codes.Seal(Email, "042917");
        var otherKey = new OtpCodes("another-data-key-0123456789abcdefghijklm"u8.ToArray());
        var altered = sealedCode.ToArray();
        altered[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => otherKey.Unseal(Email, sealedCode));
        Assert.ThrowsAny<CryptographicException>(() => Codes.Unseal("eve@example.org", sealedCode));
        Assert.ThrowsAny<CryptographicException>(() => Codes.Unseal(Email, altered));
    }
}
