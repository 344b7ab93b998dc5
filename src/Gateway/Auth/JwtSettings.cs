using System.Text;

namespace AkkaOcr.Gateway.Auth;

/// <summary>Token issuing and checking: <c>Jwt__SigningKey</c>, <c>Jwt__Issuer</c>, <c>Jwt__Audience</c>, <c>Jwt__Lifetime</c>.</summary>
public sealed class JwtSettings
{
    public const string SectionName = "Jwt";
    public const int MinimumKeyBytes = 32;

    /// <summary>HMAC-SHA256 key; its UTF-8 bytes are the key, at least 32 of them.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "akkaocr";

    public string Audience { get; set; } = "akkaocr";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public byte[] SigningKeyBytes => Encoding.UTF8.GetBytes(SigningKey);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(SigningKey))
            yield return "Jwt__SigningKey is not set";
        else if (SigningKeyBytes.Length < MinimumKeyBytes)
            yield return $"Jwt__SigningKey is {SigningKeyBytes.Length} bytes; at least {MinimumKeyBytes} are required";
        if (string.IsNullOrWhiteSpace(Issuer))
            yield return "Jwt__Issuer is empty";
        if (string.IsNullOrWhiteSpace(Audience))
            yield return "Jwt__Audience is empty";
        if (Lifetime < TimeSpan.FromMinutes(1) || Lifetime > TimeSpan.FromDays(1))
            yield return $"Jwt__Lifetime {Lifetime} is outside 00:01:00 to 1.00:00:00";
    }
}
