namespace Tollgate.Gateway.Endpoints;

/// <summary>A request body as <see cref="RequestBodyReader"/> read it.</summary>
/// <param name="Buffer">Pooled buffer holding the body (return it to <see cref="System.Buffers.ArrayPool{T}.Shared"/>); null when none was rented.</param>
/// <param name="Length">Bytes of the body in <paramref name="Buffer"/>.</param>
/// <param name="Outcome">Whether the body is whole, and if not, why.</param>
internal readonly record struct RequestBody(byte[]? Buffer, int Length, RequestBodyOutcome Outcome);
