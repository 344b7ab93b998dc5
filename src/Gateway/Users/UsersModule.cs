namespace AkkaOcr.Gateway.Users;

public static class UsersModule
{
    public static IServiceCollection AddUsersModule(this IServiceCollection services, PasswordSettings passwords)
    {
        services.AddSingleton<UserShardClient>();
        // ASP.NET Core Identity's PBKDF2 (HMAC-SHA512, Passwords__Iterations, per-password salt), a few at a time.
        services.AddSingleton(passwords);
        services.AddSingleton<PasswordHashing>();
        return services;
    }
}
