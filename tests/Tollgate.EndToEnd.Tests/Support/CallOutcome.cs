namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>
/// One call of a load run: its request id (when headers arrived), whether the client got the whole answer, and the
/// gateway's <c>x-tollgate-cache</c> for it (when recorded).
/// </summary>
internal sealed record CallOutcome(string RequestId, bool Complete, string? Cache = null);
