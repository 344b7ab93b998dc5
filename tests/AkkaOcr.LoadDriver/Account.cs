namespace AkkaOcr.LoadDriver;

/// <summary>
/// An account a flow created, and how far the service acknowledged it. Only acknowledged steps are
/// recorded (201 for register, 200 for verify_otp), so an audit can check that none of them was lost.
/// </summary>
public sealed class Account(string email, string name, string password)
{
    private volatile bool _registered;
    private volatile bool _verified;
    private int _uploading;

    public string Email { get; } = email;

    public string Name { get; } = name;

    public string Password { get; } = password;

    /// <summary>Register answered 201.</summary>
    public bool Registered => _registered;

    /// <summary>verify_otp answered 200.</summary>
    public bool Verified => _verified;

    internal void MarkRegistered() => _registered = true;

    internal void MarkVerified() => _verified = true;

    /// <summary>Claims the account for one upload; false while another flow uploads as it.</summary>
    internal bool TryStartUpload() => Interlocked.CompareExchange(ref _uploading, 1, 0) == 0;

    internal void EndUpload() => Volatile.Write(ref _uploading, 0);

    public override string ToString() => $"{Email} (registered: {Registered}, verified: {Verified})";
}
