using System.Text.Json;
using AkkaOcr.Messages.Users;

namespace AkkaOcr.Gateway.Users;

/// <summary>Bounds every field before anything reaches the cluster; errors are keyed by field name.</summary>
public static class AuthValidation
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    public const int MaxNameLength = 100;

    public static bool TryEmail(string? value, Dictionary<string, string[]> errors, out string email, string field = "email")
    {
        if (EmailAddress.TryNormalize(value, out email))
            return true;
        errors[field] = [value is null ? "is required" : "is not a valid e-mail address"];
        return false;
    }

    public static void Name(string? value, Dictionary<string, string[]> errors)
    {
        var length = value?.Trim().Length ?? 0;
        if (length is < 1 or > MaxNameLength)
            errors["name"] = [$"must be 1 to {MaxNameLength} characters"];
    }

    public static void Password(string? value, Dictionary<string, string[]> errors)
    {
        if (value is null || value.Length is < MinPasswordLength or > MaxPasswordLength)
            errors["password"] = [$"must be {MinPasswordLength} to {MaxPasswordLength} characters"];
    }

    /// <summary>Accepts "012345" or 12345 (zero-padded), nothing else.</summary>
    public static bool TryOtp(JsonElement value, Dictionary<string, string[]> errors, out string code)
    {
        code = value.ValueKind switch
        {
            JsonValueKind.String when value.GetString() is { Length: OtpPolicy.Digits } text && text.All(char.IsAsciiDigit) => text,
            JsonValueKind.Number when value.TryGetInt32(out var number) && number is >= 0 and < OtpPolicy.CodeSpace => OtpPolicy.Format(number),
            _ => "",
        };
        if (code.Length == OtpPolicy.Digits)
            return true;
        errors["otp"] = ["must be a 6-digit code"];
        return false;
    }
}
