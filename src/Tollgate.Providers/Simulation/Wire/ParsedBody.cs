using System.Text.Json;

namespace Tollgate.Providers.Simulation.Wire;

/// <summary>A request body as <see cref="RequestBody"/> read it: the document, or why there is none.</summary>
/// <param name="Document">The parsed body; null when it is not JSON or its text is unsound.</param>
/// <param name="TextFault">How a strict parser describes unsound text (<c>no low surrogate in string: line 1 column 43 (char 42)</c>), or null.</param>
internal readonly record struct ParsedBody(JsonDocument? Document, string? TextFault);
