namespace Tollgate.Core.Routing;

/// <summary>What a model can take beyond plain text, and what a request uses (<see cref="PromptProfile.Uses"/>).</summary>
[Flags]
public enum ModelCapabilities
{
    /// <summary>Plain text in and out.</summary>
    None = 0,

    /// <summary>Tool (function) definitions and calls: <c>tools</c>.</summary>
    Tools = 1,

    /// <summary>Image input: <c>vision</c>.</summary>
    Vision = 2,

    /// <summary>JSON mode or structured outputs (<c>response_format</c>, <c>text.format</c>, <c>output_format</c>): <c>json_mode</c>.</summary>
    JsonMode = 4,
}
