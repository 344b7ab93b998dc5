namespace AkkaOcr.Messages.Users;

/// <summary>The one-time code rules (OWASP ASVS 2.7): short-lived, single use, few tries, throttled resends.</summary>
public static class OtpPolicy
{
    public const int Digits = 6;

    /// <summary>How many codes there are: every number below this, written with <see cref="Digits"/> digits.</summary>
    public const int CodeSpace = 1_000_000;
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(10);
    public const int MaxWrongAttempts = 5;
    public static readonly TimeSpan ResendCooldown = TimeSpan.FromSeconds(60);
    public const int MaxIssuesPerHour = 5;

    /// <summary>The one written form of a code: zero-padded to <see cref="Digits"/> digits.</summary>
    public static string Format(int code) => code.ToString($"D{Digits}");
}
