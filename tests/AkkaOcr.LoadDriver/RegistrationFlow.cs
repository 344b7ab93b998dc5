namespace AkkaOcr.LoadDriver;

/// <summary>
/// register, then a pause, and nothing else: a writer that never waits for mail, so it keeps writing to
/// the journal while mail is held up (a database outage stops the outbox as well as the entities). The
/// pause keeps the number of accounts an audit has to check afterwards in proportion to the run's length.
/// </summary>
public sealed class RegistrationFlow(TimeSpan pause) : ILoadFlow
{
    public string Name => "registration";

    public async Task<bool> RunAsync(FlowContext context, CancellationToken cancellationToken)
    {
        var account = context.Accounts.Create("writer");
        if (!(await context.Client.RegisterAsync(account, cancellationToken)).Succeeded)
            return false;
        account.MarkRegistered();
        await Task.Delay(pause, cancellationToken);
        return true;
    }
}
