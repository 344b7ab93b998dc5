using System.Text;

namespace AkkaOcr.Users;

/// <summary><c>Security__DataKey</c>: keys the OTP hash and encrypts secrets inside persisted events.</summary>
public sealed class SecuritySettings
{
    public const string SectionName = "Security";
    public const int MinimumKeyBytes = 32;

    public string DataKey { get; set; } = "";

    public byte[] DataKeyBytes => Encoding.UTF8.GetBytes(DataKey);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrEmpty(DataKey))
            yield return "Security__DataKey is not set";
        else if (DataKeyBytes.Length < MinimumKeyBytes)
            yield return $"Security__DataKey is {DataKeyBytes.Length} bytes; at least {MinimumKeyBytes} are required";
    }
}
