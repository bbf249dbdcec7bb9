namespace Tollgate.Core.Identity;

/// <summary>What a new virtual key is created with: its name and attribution defaults.</summary>
public sealed record VirtualKeySpec(string Name, string? User = null, string? Feature = null, string? Team = null);
