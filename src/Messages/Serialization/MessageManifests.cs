using System.Collections.Frozen;
using AkkaOcr.Messages.Jobs;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Messages.Users;

namespace AkkaOcr.Messages.Serialization;

/// <summary>
/// The one list of wire names. A manifest is forever: journals hold it, so a type whose shape
/// changes gets a new manifest (".v2") and the old entry stays so that old events still load.
/// </summary>
public static class MessageManifests
{
    private static readonly FrozenDictionary<Type, string> ManifestByType = new Dictionary<Type, string>
    {
        [typeof(UserCommands.Register)] = "user.cmd.register.v1",
        [typeof(UserCommands.RequestOtp)] = "user.cmd.request-otp.v1",
        [typeof(UserCommands.VerifyOtp)] = "user.cmd.verify-otp.v1",
        [typeof(UserCommands.RecordOcrResult)] = "user.cmd.record-ocr-result.v1",
        [typeof(UserCommands.BeginLogin)] = "user.cmd.begin-login.v1",
        [typeof(UserCommands.LoginSucceeded)] = "user.cmd.login-succeeded.v1",
        [typeof(UserQueries.GetCredentials)] = "user.qry.credentials.v1",
        [typeof(UserQueries.GetProfile)] = "user.qry.profile.v1",
        [typeof(UserReplies.Registered)] = "user.rpl.registered.v1",
        [typeof(UserReplies.EmailTaken)] = "user.rpl.email-taken.v1",
        [typeof(UserReplies.OtpRequestAccepted)] = "user.rpl.otp-accepted.v1",
        [typeof(UserReplies.OtpVerified)] = "user.rpl.otp-verified.v1",
        [typeof(UserReplies.OtpRejected)] = "user.rpl.otp-rejected.v1",
        [typeof(UserReplies.Credentials)] = "user.rpl.credentials.v1",
        [typeof(UserReplies.Profile)] = "user.rpl.profile.v1",
        [typeof(UserReplies.OcrResultRecorded)] = "user.rpl.ocr-result-recorded.v1",
        [typeof(UserReplies.UserNotFound)] = "user.rpl.not-found.v1",
        [typeof(UserReplies.LoginDelayed)] = "user.rpl.login-delayed.v1",
        [typeof(UserReplies.LoginRecorded)] = "user.rpl.login-recorded.v1",
        [typeof(UserEvents.UserRegistered)] = "user.evt.registered.v1",
        [typeof(UserEvents.OtpIssued)] = "user.evt.otp-issued.v1",
        [typeof(UserEvents.OtpAttemptFailed)] = "user.evt.otp-attempt-failed.v1",
        [typeof(UserEvents.EmailVerified)] = "user.evt.email-verified.v1",
        [typeof(UserEvents.OcrCompleted)] = "user.evt.ocr-completed.v1",
        [typeof(UserEvents.PasswordRehashed)] = "user.evt.password-rehashed.v1",
        [typeof(UserSnapshot)] = "user.snapshot.v1",
        [typeof(JobOptions)] = "job.options.v1",
        [typeof(JobView)] = "job.view.v1",
        [typeof(JobCommands.Submit)] = "job.cmd.submit.v1",
        [typeof(JobCommands.Delete)] = "job.cmd.delete.v1",
        [typeof(JobCommands.Resume)] = "job.cmd.resume.v1",
        [typeof(JobCommands.Expire)] = "job.cmd.expire.v1",
        [typeof(JobQueries.GetJob)] = "job.qry.get.v1",
        [typeof(JobReplies.Accepted)] = "job.rpl.accepted.v1",
        [typeof(JobReplies.TooManyActiveJobs)] = "job.rpl.too-many-active.v1",
        [typeof(JobReplies.Found)] = "job.rpl.found.v1",
        [typeof(JobReplies.NotFound)] = "job.rpl.not-found.v1",
        [typeof(JobReplies.Cancelling)] = "job.rpl.cancelling.v1",
        [typeof(JobReplies.Deleted)] = "job.rpl.deleted.v1",
        [typeof(JobReplies.PreconditionFailed)] = "job.rpl.precondition-failed.v1",
        [typeof(JobReplies.Unavailable)] = "job.rpl.unavailable.v1",
        [typeof(JobEvents.JobSubmitted)] = "job.evt.submitted.v1",
        [typeof(JobEvents.PageRecorded)] = "job.evt.page-recorded.v1",
        [typeof(JobEvents.JobSucceeded)] = "job.evt.succeeded.v1",
        [typeof(JobEvents.JobFailed)] = "job.evt.failed.v1",
        [typeof(JobEvents.JobCancelled)] = "job.evt.cancelled.v1",
        [typeof(JobEvents.JobDeleted)] = "job.evt.deleted.v1",
        [typeof(OcrOptions)] = "ocr.options.v1",
        [typeof(OcrEngineInfo)] = "ocr.engine-info.v1",
        [typeof(OcrWord)] = "ocr.word.v1",
        [typeof(OcrPage)] = "ocr.page.v1",
        [typeof(OcrPageOutputs)] = "ocr.page-outputs.v1",
        [typeof(OcrCommands.StartJob)] = "ocr.cmd.start-job.v1",
        [typeof(OcrCommands.ImageChunk)] = "ocr.cmd.image-chunk.v1",
        [typeof(OcrCommands.CancelJob)] = "ocr.cmd.cancel-job.v1",
        [typeof(OcrQueries.DescribeWorker)] = "ocr.qry.describe-worker.v1",
        [typeof(OcrReplies.WorkerReady)] = "ocr.rpl.worker-ready.v1",
        [typeof(OcrReplies.Recognized)] = "ocr.rpl.recognized.v1",
        [typeof(OcrReplies.RecognizedPart)] = "ocr.rpl.recognized-part.v1",
        [typeof(OcrReplies.Failed)] = "ocr.rpl.failed.v1",
        [typeof(OcrReplies.Declined)] = "ocr.rpl.declined.v1",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> TypeByManifest =
        ManifestByType.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);

    public static IReadOnlyCollection<Type> KnownTypes => ManifestByType.Keys;

    public static bool TryGetManifest(Type type, out string manifest) =>
        ManifestByType.TryGetValue(type, out manifest!);

    public static bool TryGetType(string manifest, out Type type) =>
        TypeByManifest.TryGetValue(manifest, out type!);

    /// <summary>
    /// Whether <paramref name="manifest"/> names a persisted event (<c>&lt;entity&gt;.evt.&lt;name&gt;.v&lt;n&gt;</c>),
    /// known to this version or not: events outlive the code that wrote them.
    /// </summary>
    public static bool IsEventManifest(string manifest) => manifest.Contains(".evt.", StringComparison.Ordinal);
}
