using System.Text.Json;

namespace Tollgate.Providers.Simulation.Wire;

/// <summary>A request body as <see cref="RequestBody"/> read it: the document, or why there is none.</summary>
/// <param name="Document">The parsed body; null when it is not JSON, its text is unsound or it is too large.</param>
/// <param name="TextFault">How a strict parser describes unsound text (<c>no low surrogate in string: line 1 column 43 (char 42)</c>), or null.</param>
/// <param name="OversizedBytes">For a body over the provider's limit, how many bytes it had (declared or read); 0 otherwise.</param>
internal readonly record struct ParsedBody(JsonDocument? Document, string? TextFault, long OversizedBytes = 0)
{
    /// <summary>Whether the body was over the provider's limit, and so not read into a document.</summary>
    public bool TooLarge => OversizedBytes > 0;
}
