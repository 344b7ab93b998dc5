namespace AkkaOcr.LoadDriver;

/// <summary>What a flow may use: the recording client, the mail it can read, and the run's accounts.</summary>
public sealed record FlowContext(AuthClient Client, IOtpSource Otp, AccountBook Accounts, TimeSpan MailTimeout);
