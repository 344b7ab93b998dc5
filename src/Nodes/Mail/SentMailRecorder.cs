namespace AkkaOcr.Mail;

/// <summary>
/// Records a batch's accepted ids in <c>sent_mail</c> while the batch goes on mailing: one round trip at a
/// time, each covering every id accepted since the previous one began. A fast SMTP server thus costs a few
/// round trips per batch, and a slow one leaves an id unrecorded only for as long as one commit takes,
/// which is what bounds the mails a crashed notifier sends again. Used by one batch, one call at a time.
/// </summary>
internal sealed class SentMailRecorder(SentMailLog sent)
{
    private readonly List<string> _waiting = [];
    private Task _recording = Task.CompletedTask;

    public void Add(string messageId)
    {
        _waiting.Add(messageId);
        // After a failed round trip nothing more is started: FlushAsync reports the failure.
        if (_recording.IsCompletedSuccessfully)
            StartRoundTrip();
    }

    /// <summary>Returns once every id added so far is durable; throws when any round trip failed.</summary>
    public async Task FlushAsync()
    {
        await _recording;
        if (_waiting.Count > 0)
        {
            StartRoundTrip();
            await _recording;
        }
    }

    private void StartRoundTrip()
    {
        var messageIds = _waiting.ToArray();
        _waiting.Clear();
        _recording = sent.MarkAllSentAsync(messageIds);
    }
}
