namespace AkkaOcr.Messages.Users;

/// <summary>
/// Every message for a user entity names the entity by its normalized e-mail address,
/// which is also the shard entity id: one writer per address.
/// </summary>
public interface IWithEmail : IAkkaOcrMessage
{
    string Email { get; }
}
