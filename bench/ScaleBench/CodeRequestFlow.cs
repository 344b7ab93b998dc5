using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>
/// <c>POST /auth/generate_otp</c> for a verified account: its user entity decides that no code is due and
/// answers 202 without writing, as it does for the repeated requests of an address in its cooldown.
/// </summary>
public sealed class CodeRequestFlow(SignedInAccounts accounts) : ILoadFlow
{
    public string Name => "code-request";

    public async Task<bool> RunAsync(FlowContext context, CancellationToken cancellationToken) =>
        (await context.Client.GenerateOtpAsync(accounts.Next().Account, cancellationToken)).Succeeded;
}
