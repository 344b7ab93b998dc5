namespace AkkaOcr.Messages.Users;

/// <summary>A request a user entity applied, remembered by its id so that a copy of it is answered, not applied again.</summary>
public sealed record HandledRequest(Guid RequestId, RequestOutcome Outcome);
