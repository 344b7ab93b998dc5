namespace AkkaOcr.Gateway.Uploads;

/// <summary>
/// Places for uploads being taken in, taken before the first byte of a body is read and held until the request is
/// answered (the upload stays in memory that long). Never waits: a full gateway or a user at their limit is told
/// at once, so a slow or hostile client cannot park requests in a queue.
/// </summary>
public sealed class UploadSlots(UploadSettings settings)
{
    /// <summary>What a refused upload is told to wait: an upload takes seconds to send and read.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _byUser = new(StringComparer.Ordinal);
    private int _total;

    public abstract class Outcome;

    /// <summary>A place, given back when disposed.</summary>
    public sealed class Slot : Outcome, IDisposable
    {
        private UploadSlots? _owner;
        private readonly string _userId;

        internal Slot(UploadSlots owner, string userId) => (_owner, _userId) = (owner, userId);

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(_userId);
    }

    /// <summary>The user has <see cref="UploadSettings.MaxConcurrentPerUser"/> uploads in progress: 429.</summary>
    public sealed class UserAtLimit(int limit) : Outcome
    {
        public int Limit => limit;
    }

    /// <summary>The gateway has <see cref="UploadSettings.MaxConcurrent"/> uploads in progress: 503.</summary>
    public sealed class GatewayFull(int limit) : Outcome
    {
        public int Limit => limit;
    }

    public int InUse
    {
        get
        {
            lock (_lock)
                return _total;
        }
    }

    public Outcome TryTake(string userId)
    {
        lock (_lock)
        {
            var mine = _byUser.GetValueOrDefault(userId);
            if (mine >= settings.MaxConcurrentPerUser)
                return new UserAtLimit(settings.MaxConcurrentPerUser);
            if (_total >= settings.MaxConcurrent)
                return new GatewayFull(settings.MaxConcurrent);
            _byUser[userId] = mine + 1;
            _total++;
            return new Slot(this, userId);
        }
    }

    private void Release(string userId)
    {
        lock (_lock)
        {
            _total--;
            // Users without an upload in progress leave no entry: the table stays as small as the uploads.
            if (_byUser[userId] <= 1)
                _byUser.Remove(userId);
            else
                _byUser[userId]--;
        }
    }
}
