using AkkaOcr.LoadDriver;

namespace AkkaOcr.Tests.MultiProcess;

/// <summary>
/// The write load of the users-node fault tests (pause, partition): writers that only register keep the
/// journal busy whatever mail does, and sign-up flows add codes, mail and verifications, waiting for their
/// mail as people do. Bounded by time only, so that it is still writing when the fault comes.
/// </summary>
public static class UsersNodeFaultLoad
{
    public static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(60);

    public static LoadRun Start(Uri gateway, SmtpOtpSource otp) => LoadRun.Start(new LoadOptions
    {
        Gateway = gateway,
        Concurrency = 4,
        Mix = [(new SignUpFlow(), 1), (new RegistrationFlow(TimeSpan.FromMilliseconds(250)), 1)],
        MaxFlows = 100_000,
        MaxRequests = 100_000,
        Duration = TimeSpan.FromMinutes(3),
        RequestTimeout = TimeSpan.FromSeconds(20),
        MailTimeout = MailTimeout,
    }, otp);

    /// <summary>
    /// Waits until a sign-up that started after <paramref name="since"/> got its mailed code and verified
    /// with it: proof that mail flows again, through whichever node now runs the mail outbox.
    /// </summary>
    public static async Task WaitForVerificationSinceAsync(LoadRun load, DateTimeOffset since, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!load.Log.Records.Any(record => record is { Operation: AuthClient.VerifyOtp, Succeeded: true } && record.StartedAt > since))
        {
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"no sign-up verified with a mailed code within {timeout.TotalSeconds:0} s after {since:HH:mm:ss.fff}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
