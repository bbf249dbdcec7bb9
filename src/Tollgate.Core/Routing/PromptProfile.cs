namespace Tollgate.Core.Routing;

/// <summary>
/// What <see cref="PromptScan"/> read from a request body, for the complexity classifier and the capability check:
/// counts over the prompt's text (system prompt, messages, instructions, input) and the capabilities the request uses.
/// </summary>
public readonly record struct PromptProfile
{
    /// <summary>UTF-8 bytes of prompt text.</summary>
    public int TextBytes { get; init; }

    /// <summary>Sentence ends: <c>.</c>, <c>?</c> or <c>!</c> before white space or the end of a text.</summary>
    public int Sentences { get; init; }

    /// <summary>Numbers written in digits (<c>16</c>, <c>2.5</c>, <c>200,000</c> count once each).</summary>
    public int Numbers { get; init; }

    /// <summary>Quantities written in words (<c>three</c>, <c>twice</c>, <c>half</c>, <c>dozen</c> …).</summary>
    public int NumberWords { get; init; }

    /// <summary>How many different phrases of a quantity question it has (<c>how many</c>, <c>in total</c>, <c>per </c>, <c>%</c> …).</summary>
    public int QuantityCues { get; init; }

    /// <summary>How many different marks of source code it has (<c>def </c>, <c>return </c>, <c>```</c>, <c>&gt;&gt;&gt;</c> …).</summary>
    public int CodeMarkers { get; init; }

    /// <summary>How many different asks for reasoning it has (<c>step by step</c>, <c>prove</c>, <c>debug</c> …).</summary>
    public int ReasoningCues { get; init; }

    /// <summary>How many different asks for writing it has (<c>summar</c>, <c>explain</c>, <c>write </c> …).</summary>
    public int WritingCues { get; init; }

    /// <summary>Messages (or input items) with a role: the conversation's turns.</summary>
    public int Turns { get; init; }

    /// <summary>The capabilities the request uses: tools, image input, JSON output.</summary>
    public ModelCapabilities Uses { get; init; }
}
