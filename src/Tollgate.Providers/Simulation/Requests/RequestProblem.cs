namespace Tollgate.Providers.Simulation.Requests;

/// <summary>Why a request is rejected with 400: the message, and for OpenAI the <c>param</c> and <c>code</c>.</summary>
internal sealed record RequestProblem(string Message, string? Param = null, string? Code = null);
