namespace AkkaOcr.LoadDriver;

/// <summary>
/// An account a flow created, and how far the service acknowledged it. Only acknowledged steps are
/// recorded (201 for register, 200 for verify_otp), so an audit can check that none of them was lost.
/// </summary>
public sealed class Account(string email, string name, string password)
{
    private volatile bool _registered;
    private volatile bool _verified;

    public string Email { get; } = email;

    public string Name { get; } = name;

    public string Password { get; } = password;

    /// <summary>Register answered 201.</summary>
    public bool Registered => _registered;

    /// <summary>verify_otp answered 200.</summary>
    public bool Verified => _verified;

    internal void MarkRegistered() => _registered = true;

    internal void MarkVerified() => _verified = true;

    public override string ToString() => $"{Email} (registered: {Registered}, verified: {Verified})";
}
