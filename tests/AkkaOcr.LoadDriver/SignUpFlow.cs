namespace AkkaOcr.LoadDriver;

/// <summary>
/// register → generate_otp → the code from the mail that arrived → verify_otp → login → me: what a new
/// person does, ending with a verified account that other flows reuse.
/// </summary>
public sealed class SignUpFlow : ILoadFlow
{
    public string Name => "sign-up";

    public async Task<bool> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var account = context.Accounts.Create("load");
        if (!(await client.RegisterAsync(account, cancellationToken)).Succeeded)
            return false;
        account.MarkRegistered();
        if (!(await client.GenerateOtpAsync(account, cancellationToken)).Succeeded)
            return false;
        var code = await context.Otp.WaitForNewCodeAsync(account.Email, [], context.MailTimeout, cancellationToken);
        if (code is null)
        {
            context.Client.Log.AddMissingMail(account.Email, context.MailTimeout);
            return false;
        }
        if (!(await client.VerifyOtpAsync(account, code, cancellationToken)).Succeeded)
            return false;
        context.Accounts.Verified(account);
        return await SignInFlow.SignInAsync(context, account, cancellationToken);
    }
}
