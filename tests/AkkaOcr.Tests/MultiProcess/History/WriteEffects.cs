using AkkaOcr.Jobs;
using AkkaOcr.LoadDriver;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.Messages.Serialization;
using AkkaOcr.Messages.Users;
using AkkaOcr.Users;

namespace AkkaOcr.Tests.MultiProcess.History;

/// <summary>
/// The event each kind of write leaves in the journal, under which persistence id: what the checker looks
/// for to tell whether an operation took effect. Kinds not listed here (login, generate_otp, me) are
/// counted but not judged: a code request is idempotent within its cooldown and answers the same whether
/// or not it wrote.
/// </summary>
public static class WriteEffects
{
    /// <summary>The operation kind of a job upload answered 202; its key is the job id from the answer.</summary>
    public const string JobSubmission = "submit_job";

    public static readonly string Registered = ManifestOf<UserEvents.UserRegistered>();
    public static readonly string EmailVerified = ManifestOf<UserEvents.EmailVerified>();
    public static readonly string OtpIssued = ManifestOf<UserEvents.OtpIssued>();
    public static readonly string OcrCompleted = ManifestOf<UserEvents.OcrCompleted>();
    public static readonly string JobSubmitted = ManifestOf<JobEvents.JobSubmitted>();
    public static readonly string JobSucceeded = ManifestOf<JobEvents.JobSucceeded>();

    /// <summary>The events the mail outbox turns into mail (tagged <c>mail</c>; see <c>MailComposer</c>).</summary>
    public static readonly IReadOnlySet<string> Mailed = new HashSet<string>(StringComparer.Ordinal) { OtpIssued, OcrCompleted, JobSucceeded };

    /// <summary>Where an operation of <paramref name="kind"/> on <paramref name="key"/> writes, and what; null for a kind not judged.</summary>
    public static (string PersistenceId, string Manifest)? For(string kind, string key) => kind switch
    {
        AuthClient.Register => (UserActor.PersistenceIdFor(key), Registered),
        AuthClient.VerifyOtp => (UserActor.PersistenceIdFor(key), EmailVerified),
        JobSubmission when DocumentJobId.TryParse(key, out var jobId) => (DocumentJobActor.PersistenceIdFor(jobId), JobSubmitted),
        _ => null,
    };

    private static string ManifestOf<T>() =>
        MessageManifests.TryGetManifest(typeof(T), out var manifest) ? manifest : throw new InvalidOperationException($"{typeof(T)} has no manifest");
}
