namespace Tollgate.Core.Routing;

/// <summary>
/// Picks a tier from a prompt when the request declares no task type, by rules over its <see cref="PromptProfile"/>,
/// tried in this order (docs/routing.md gives the measured accuracy):
/// <list type="number">
/// <item>code (two marks of source code or more) → <see cref="ModelTier.Frontier"/>;</item>
/// <item>a multi-step quantity problem (two quantities or more and a quantity question, or three quantities over two
/// sentences or more) → <see cref="ModelTier.Frontier"/>;</item>
/// <item>an ask for reasoning (<c>step by step</c>, <c>prove</c>, <c>debug</c> …) → <see cref="ModelTier.Frontier"/>;</item>
/// <item>an ask for writing (<c>summar</c>, <c>explain</c>, <c>write</c> …), a long prompt (over
/// <see cref="LongPromptBytes"/> bytes, or <see cref="ManySentences"/> sentences), a conversation of
/// <see cref="ManyTurns"/> turns or more, or JSON output asked of a prompt over <see cref="LongStructuredBytes"/> bytes
/// → <see cref="ModelTier.Medium"/>;</item>
/// <item>anything else (a short question, a label to give, a field to pull out) → <see cref="ModelTier.Small"/>.</item>
/// </list>
/// Sending work to a cheaper tier than it needs is the costly error, so every doubt goes up: a cue of a harder tier
/// wins over every sign of an easier one.
/// </summary>
public static class ComplexityClassifier
{
    /// <summary>Prompt text past which a request is no longer a small model's.</summary>
    public const int LongPromptBytes = 1200;

    /// <summary>JSON output asked of prompt text past this many bytes is a long extraction: a medium model's.</summary>
    public const int LongStructuredBytes = 600;

    /// <summary>Sentences past which a prompt is no longer a small model's.</summary>
    public const int ManySentences = 8;

    /// <summary>Turns from which a conversation is no longer a small model's.</summary>
    public const int ManyTurns = 6;

    /// <summary>The tier of the request <paramref name="body"/>.</summary>
    public static ModelTier Classify(ReadOnlySpan<byte> body) => Classify(PromptScan.Read(body));

    /// <summary>The tier of a prompt read into <paramref name="profile"/>.</summary>
    public static ModelTier Classify(in PromptProfile profile)
    {
        if (profile.CodeMarkers >= 2)
        {
            return ModelTier.Frontier;
        }

        var quantities = profile.Numbers + profile.NumberWords;
        if ((quantities >= 2 && profile.QuantityCues >= 1) || (quantities >= 3 && profile.Sentences >= 2) || profile.ReasoningCues >= 1)
        {
            return ModelTier.Frontier;
        }

        if (profile.WritingCues >= 1 || profile.TextBytes > LongPromptBytes || profile.Sentences >= ManySentences || profile.Turns >= ManyTurns
            || ((profile.Uses & ModelCapabilities.JsonMode) != 0 && profile.TextBytes > LongStructuredBytes))
        {
            return ModelTier.Medium;
        }

        return ModelTier.Small;
    }
}
