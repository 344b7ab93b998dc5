using Microsoft.AspNetCore.Identity;

namespace AkkaOcr.Gateway.Users;

public static class UsersModule
{
    public static IServiceCollection AddUsersModule(this IServiceCollection services)
    {
        services.AddSingleton<UserShardClient>();
        // ASP.NET Core Identity's PBKDF2 (HMAC-SHA512, 100,000 iterations, per-password salt).
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        return services;
    }
}
