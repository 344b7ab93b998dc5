using System.Security.Claims;
using AkkaOcr.Nodes.Settings;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AkkaOcr.Bench.AuthBaseline;

/// <summary>The same token the gateway issues, so both sides pay for the same signing.</summary>
public sealed class BaselineTokens(JwtSettings settings)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(new SymmetricSecurityKey(settings.SigningKeyBytes), SecurityAlgorithms.HmacSha256);

    public string Issue(Guid id, string email, string name)
    {
        var now = DateTime.UtcNow;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", id.ToString()), new Claim("email", email), new Claim("name", name)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.Lifetime,
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            SigningCredentials = _credentials,
        });
    }
}
