namespace AkkaOcr.Messages;

/// <summary>
/// Marks every type that may cross the network or land in the journal. The cluster binds
/// <see cref="Serialization.AkkaOcrSerializer"/> to this interface, and anything else that needs
/// serializing is refused instead of silently falling back to JSON with type names.
/// </summary>
public interface IAkkaOcrMessage;
