namespace AkkaOcr.Messages.Users;

/// <summary>The stable identity of an account; the JWT's <c>sub</c>.</summary>
public readonly record struct UserId(Guid Value)
{
    public static UserId New() => new(Guid.CreateVersion7());

    public override string ToString() => Value.ToString("D");
}
