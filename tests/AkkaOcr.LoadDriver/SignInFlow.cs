namespace AkkaOcr.LoadDriver;

/// <summary>login → me for an account that is already verified; a sign-up when there is none yet.</summary>
public sealed class SignInFlow : ILoadFlow
{
    private static readonly SignUpFlow SignUp = new();

    public string Name => "sign-in";

    public Task<bool> RunAsync(FlowContext context, CancellationToken cancellationToken) =>
        context.Accounts.NextVerified() is { } account
            ? SignInAsync(context, account, cancellationToken)
            : SignUp.RunAsync(context, cancellationToken);

    internal static async Task<bool> SignInAsync(FlowContext context, Account account, CancellationToken cancellationToken)
    {
        var login = await context.Client.LoginAsync(account, cancellationToken);
        if (!login.Succeeded)
            return false;
        var token = login.Json().GetProperty("access_token").GetString()!;
        return (await context.Client.MeAsync(account, token, cancellationToken)).Succeeded;
    }
}
