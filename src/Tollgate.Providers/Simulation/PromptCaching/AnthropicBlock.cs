using System.Text.Json;

namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>
/// A block of an Anthropic request that can carry a cache marker, and where it sits: <c>tools.{Index}</c>,
/// <c>system</c> or <c>system.{Index}</c>, <c>messages.{Index}.content</c> or <c>messages.{Index}.content.{Part}</c>.
/// </summary>
internal readonly record struct AnthropicBlock(JsonElement Element, string Section, int Index, int Part)
{
    /// <summary>The block's path as Anthropic's error messages write it.</summary>
    public string Path => Section switch
    {
        "messages" => Part < 0 ? $"messages.{Index}.content" : $"messages.{Index}.content.{Part}",
        _ => Index < 0 ? Section : $"{Section}.{Index}",
    };
}
