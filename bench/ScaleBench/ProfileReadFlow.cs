using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary><c>GET /auth/me</c> with a token the account already holds: a profile read from its user entity.</summary>
public sealed class ProfileReadFlow(SignedInAccounts accounts) : ILoadFlow
{
    public string Name => "profile-read";

    public async Task<bool> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        var member = accounts.Next();
        return (await context.Client.MeAsync(member.Account, member.Token, cancellationToken)).Succeeded;
    }
}
