using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AkkaOcr.Gateway.Ocr;

/// <summary>The signed-in user as the access token names them; no lookup is needed to answer an upload.</summary>
public sealed record OcrCaller(string UserId, string Name, string Email)
{
    public static OcrCaller? From(ClaimsPrincipal user) =>
        user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 } id
        && user.FindFirst(JwtRegisteredClaimNames.Email)?.Value is { Length: > 0 } email
            ? new OcrCaller(id, user.FindFirst(JwtRegisteredClaimNames.Name)?.Value ?? "", email)
            : null;
}
