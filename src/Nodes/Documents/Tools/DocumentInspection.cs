namespace AkkaOcr.Documents.Tools;

/// <summary>An upload that may be read: its kind and its number of pages, as counted from its structure.</summary>
public sealed record DocumentInspection(DocumentKind Kind, int PageCount);
