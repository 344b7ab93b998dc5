using System.Security.Cryptography;
using System.Text;
using AkkaOcr.Messages.Users;

namespace AkkaOcr.Users;

/// <summary>
/// Makes, hashes and seals one-time codes under <c>Security__DataKey</c>. Only the HMAC of a code is
/// kept for checking; the mail event carries the code AES-GCM encrypted, bound to the address so a
/// sealed code cannot be replayed into another user's mail.
/// </summary>
public sealed class OtpCodes
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _hashKey;
    private readonly byte[] _encryptionKey;

    public OtpCodes(byte[] dataKey)
    {
        // Separate keys for separate purposes, both derived from the one configured secret.
        _hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, 32, info: "akkaocr otp hash"u8.ToArray());
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, 32, info: "akkaocr event secrets"u8.ToArray());
    }

    public static string NewCode() => OtpPolicy.Format(RandomNumberGenerator.GetInt32(0, OtpPolicy.CodeSpace));

    public byte[] Hash(string email, string code) =>
        HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes($"{email}\n{code}"));

    public static bool Matches(byte[] expectedHash, byte[] actualHash) =>
        CryptographicOperations.FixedTimeEquals(expectedHash, actualHash);

    /// <summary>Encrypts a secret of <paramref name="email"/>'s journal: a code, or the text of a document.</summary>
    public byte[] Seal(string email, string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length),
            sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(email));
        return sealedBytes;
    }

    /// <summary>
    /// Opens what <see cref="Seal"/> made for the same address. An empty secret (the text of a blank page)
    /// seals to a nonce and a tag alone, and opens to the empty string. Anything shorter than that, sealed
    /// under another key or for another address, or altered, throws <see cref="CryptographicException"/>.
    /// </summary>
    public string Unseal(string email, byte[] sealedBytes)
    {
        var cipherLength = sealedBytes.Length - NonceBytes - TagBytes;
        if (cipherLength < 0)
            throw new CryptographicException($"a sealed secret has at least {NonceBytes + TagBytes} bytes; this one has {sealedBytes.Length}");
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, cipherLength),
            sealedBytes.AsSpan(NonceBytes + cipherLength), plain, Encoding.UTF8.GetBytes(email));
        return Encoding.UTF8.GetString(plain);
    }
}
