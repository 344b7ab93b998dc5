namespace AkkaOcr.Messages.Users;

/// <summary>Read-only requests to a user entity.</summary>
public static class UserQueries
{
    /// <summary>What login needs to check a password; answered with <see cref="UserReplies.Credentials"/>.</summary>
    public sealed record GetCredentials(string Email) : IWithEmail;

    /// <summary>The public profile for <c>/auth/me</c>; answered with <see cref="UserReplies.Profile"/>.</summary>
    public sealed record GetProfile(string Email) : IWithEmail;
}
