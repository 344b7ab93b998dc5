using AkkaOcr.Gateway.Cluster;
using AkkaOcr.Gateway.Users;
using AkkaOcr.Messages.Ocr;
using AkkaOcr.Messages.Users;

namespace AkkaOcr.Gateway.Ocr;

/// <summary>
/// Records a finished recognition in the user's journal, from where the mail outbox sends the "OCR
/// finished" mail. The client already has its text, so a failure here is logged, not turned into an
/// error for a request that succeeded.
/// </summary>
public sealed class OcrResultRecorder(UserShardClient users, ILogger<OcrResultRecorder> logger)
{
    public async Task RecordAsync(string email, OcrPage page, CancellationToken cancellationToken)
    {
        try
        {
            var command = new UserCommands.RecordOcrResult(
                email, MailedText.Cap(page.Text), page.Text.Length, page.MeanConfidence, Guid.CreateVersion7());
            if (await users.AskAsync(command, cancellationToken) is not UserReplies.OcrResultRecorded)
                logger.LogWarning("No OCR-finished mail: the account of the token is not a verified user any more");
        }
        catch (ClusterUnavailableException e)
        {
            logger.LogWarning("No OCR-finished mail: {Reason}", e.Message);
        }
    }
}
