namespace Tollgate.Core.Exchange;

/// <summary>The provider wire protocol a request arrived in (and an upstream speaks).</summary>
public enum WireProtocol
{
    /// <summary>OpenAI and OpenAI-compatible endpoints.</summary>
    OpenAI,

    /// <summary>Anthropic Messages API.</summary>
    Anthropic,
}
