namespace Tollgate.Gateway.Tests.Caching.Coalescing;

/// <summary>One call the simulator logged: the status it sent and whether it wrote the whole response.</summary>
internal sealed record UpstreamCall(int Status, bool Completed);
