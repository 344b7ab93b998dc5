using System.Security.Claims;
using AkkaOcr.Messages.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AkkaOcr.Gateway.Auth;

/// <summary>Issues short-lived HS256 access tokens with <c>sub</c>, <c>email</c>, <c>name</c>, <c>iat</c>, <c>exp</c>, <c>iss</c>, <c>aud</c>.</summary>
public sealed class TokenIssuer(JwtSettings settings, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials =
        new(new SymmetricSecurityKey(settings.SigningKeyBytes), SecurityAlgorithms.HmacSha256);

    public string Issue(UserReplies.Credentials user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, user.UserId.ToString()),
                new Claim(JwtRegisteredClaimNames.Email, user.Email),
                new Claim(JwtRegisteredClaimNames.Name, user.Name),
            ]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.Lifetime,
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            SigningCredentials = _credentials,
        });
    }
}
