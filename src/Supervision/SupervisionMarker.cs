namespace Supervision;

/// <summary>Marks the domain assembly for Wolverine's handler and endpoint discovery.</summary>
public sealed class SupervisionMarker;
