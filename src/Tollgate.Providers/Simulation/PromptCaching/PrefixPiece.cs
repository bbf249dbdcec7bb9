namespace Tollgate.Providers.Simulation.PromptCaching;

/// <summary>What a piece fed to a <see cref="PrefixHash"/> is, so that moving text from one place to another changes the prefix.</summary>
internal enum PrefixPiece : byte
{
    Protocol = 1,
    Model,

    /// <summary>The start of a part of the request (<c>tools</c>, <c>system</c>, <c>messages</c>).</summary>
    Section,

    /// <summary>The start of one message.</summary>
    Message,

    /// <summary>A property name or value outside the content blocks (a role, a name, a setting).</summary>
    Property,

    /// <summary>One content block, whole.</summary>
    Block,

    /// <summary>One token of text.</summary>
    Token,
}
