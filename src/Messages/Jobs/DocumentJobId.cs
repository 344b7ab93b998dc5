namespace AkkaOcr.Messages.Jobs;

/// <summary>One document job: the id in its URL, its entity's key and its rows' key.</summary>
public readonly record struct DocumentJobId(Guid Value)
{
    public static DocumentJobId New() => new(Guid.CreateVersion7());

    public static bool TryParse(string? text, out DocumentJobId id)
    {
        var parsed = Guid.TryParse(text, out var value) && value != Guid.Empty;
        id = parsed ? new DocumentJobId(value) : default;
        return parsed;
    }

    public override string ToString() => Value.ToString("D");
}
