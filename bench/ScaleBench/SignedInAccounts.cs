using System.Collections.Concurrent;
using AkkaOcr.LoadDriver;

namespace AkkaOcr.Bench.ScaleBench;

/// <summary>
/// Verified accounts with the tokens they logged in with before the timed window, so that the timed flows
/// make no password hash: the capped nodes, not the gateway's hashing, are what they load.
/// </summary>
public sealed class SignedInAccounts(IReadOnlyList<SignedInAccounts.Member> members)
{
    private readonly ConcurrentQueue<Member> _turns = new(members);

    public int Count => members.Count;

    /// <summary>The next account, taking turns among all of them, so that every user entity gets its share.</summary>
    public Member Next()
    {
        // The queue is never empty: every member taken is put back at once.
        _turns.TryDequeue(out var member);
        _turns.Enqueue(member!);
        return member!;
    }

    /// <summary>An account no other flow uploads as, held until disposed; null when all are busy.</summary>
    public UploadTurn? TakeUploadTurn()
    {
        for (var tries = members.Count; tries > 0; tries--)
        {
            var member = Next();
            if (Interlocked.CompareExchange(ref member.Uploading, 1, 0) == 0)
                return new UploadTurn(member);
        }
        return null;
    }

    /// <summary>A verified account and its bearer token.</summary>
    public sealed class Member(Account account, string token)
    {
        internal int Uploading;

        public Account Account => account;

        public string Token => token;
    }

    /// <summary>An account's one upload in progress: a person uploads one file at a time.</summary>
    public sealed class UploadTurn(Member member) : IDisposable
    {
        public Member Member => member;

        public void Dispose() => Volatile.Write(ref member.Uploading, 0);
    }
}
