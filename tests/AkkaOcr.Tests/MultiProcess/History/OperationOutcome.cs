namespace AkkaOcr.Tests.MultiProcess.History;

/// <summary>What an operation's answer says about its effect.</summary>
public enum OperationOutcome
{
    /// <summary>The contract's success answer (201 register, 200 verify_otp, 202 job accepted): the effect must exist.</summary>
    Acknowledged,

    /// <summary>A 4xx: the service refused, so this operation must have written nothing.</summary>
    Refused,

    /// <summary>No answer, a 5xx (a 503 after the Ask timeout) or any other answer: the effect may or may not exist.</summary>
    Ambiguous,
}
