namespace AkkaOcr.Gateway.Users;

/// <summary>
/// The type the password hasher is for. ASP.NET Core's <c>PasswordHasher&lt;TUser&gt;</c> takes a user type
/// but reads nothing of it; the passwords hashed here are those of user accounts.
/// </summary>
public sealed class UserAccount
{
    /// <summary>The hasher reads nothing of the account, so one instance serves every call.</summary>
    public static readonly UserAccount Any = new();

    private UserAccount()
    {
    }
}
