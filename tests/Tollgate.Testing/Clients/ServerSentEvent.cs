namespace Tollgate.Testing.Clients;

/// <summary>One event of a <c>text/event-stream</c>: its <c>event:</c> name (null when absent) and its <c>data:</c>.</summary>
public sealed record ServerSentEvent(string? Name, string Data);
