namespace Tollgate.Gateway.Relay;

/// <summary>How a stream that had begun broke, for the error event it ends with.</summary>
/// <param name="ErrorType">Tollgate's error type for the row and the event (cut, or timed out).</param>
/// <param name="Warning">The row's warning, or null when the caller has already recorded it.</param>
/// <param name="Responses">Whether it is a Responses API stream.</param>
/// <param name="NextSequenceNumber">The Responses event's <c>sequence_number</c>: one past the last relayed.</param>
internal readonly record struct StreamBreak(string ErrorType, string? Warning, bool Responses, long NextSequenceNumber);
