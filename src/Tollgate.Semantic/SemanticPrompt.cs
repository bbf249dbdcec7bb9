using Microsoft.Extensions.AI;
using Tollgate.Core.Caching;
using Tollgate.Semantic.Guards;
using Tollgate.Semantic.Index;

namespace Tollgate.Semantic;

/// <summary>
/// A last user message, embedded once: looked up with it, and on a miss remembered with the same vector, so a request
/// is embedded at most once.
/// </summary>
public sealed class SemanticPrompt
{
    internal SemanticPrompt(string text, float[] vector, string embedder, UsageDetails? usage, string? model = null)
    {
        Text = text;
        Vector = vector;
        Embedder = embedder;
        Usage = usage;
        Model = model;
        Quantized = QuantizedVector.Quantize(vector);
        Facts = PromptFacts.Of(text);
    }

    /// <summary>The message.</summary>
    public string Text { get; }

    /// <summary>Its embedding, of unit length.</summary>
    public ReadOnlyMemory<float> Vector { get; }

    /// <summary>The embedder that made <see cref="Vector"/>.</summary>
    public string Embedder { get; }

    /// <summary>Tokens the embedder reported using (a remote endpoint's embedding spend); null for the built-in models.</summary>
    public UsageDetails? Usage { get; }

    /// <summary>The model the embedder reported embedding with (a remote endpoint's <c>model</c>), if it named one.</summary>
    public string? Model { get; }

    internal QuantizedVector Quantized { get; }

    internal PromptFacts Facts { get; }

    /// <summary>The semantic part to store with the entry made for this prompt, so the index is rebuilt with it after a restart.</summary>
    public CacheEntrySemantics ToEntrySemantics(CacheKey partition) => new()
    {
        Partition = partition,
        Prompt = Text,
        Embedder = Embedder,
        Vector = Vector,
    };
}
