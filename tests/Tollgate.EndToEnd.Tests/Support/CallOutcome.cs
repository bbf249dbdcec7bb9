namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>One call of a load run: its request id (when headers arrived) and whether the client got the whole answer.</summary>
internal sealed record CallOutcome(string RequestId, bool Complete);
