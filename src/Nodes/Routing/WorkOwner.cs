namespace AkkaOcr.Routing;

/// <summary>
/// Whose work a unit is: the request itself for a single image, the document job for a job's pages.
/// The wait queue is first come, first served; the owner is what a fair share of workers would be
/// counted by.
/// </summary>
public readonly record struct WorkOwner(string Key);
