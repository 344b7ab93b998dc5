using System.Text.Json;

namespace AkkaOcr.Gateway.Users;

// Fields are nullable so that a missing one is reported by validation, not by a binding exception.

public sealed record RegisterRequest(string? Name, string? Email, string? Password);

public sealed record GenerateOtpRequest(string? Email);

/// <summary><c>otp</c> is a 6-digit string, or a number read zero-padded to 6 digits as the demo sent it.</summary>
public sealed record VerifyOtpRequest(string? Email, JsonElement Otp);

/// <summary><c>username</c> is the e-mail address, as in the demo.</summary>
public sealed record LoginRequest(string? Username, string? Password);

public sealed record UserResponse(string Id, string Name, string Email, bool IsVerified, DateTimeOffset DateCreated);

public sealed record TokenResponse(string AccessToken, string TokenType);

public sealed record MessageResponse(string Message);
