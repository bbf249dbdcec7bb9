namespace Tollgate.Core.Identity;

/// <summary>A newly created key together with its secret, which is shown this once and never stored.</summary>
public sealed record CreatedVirtualKey(VirtualKey Key, string Secret);
