namespace Tollgate.Semantic.Guards;

/// <summary>Why two prompts that embed close together may still need different answers.</summary>
public enum MeaningDifference
{
    /// <summary>No difference the guards look for.</summary>
    None,

    /// <summary>One is negated and the other is not ("is my card working" / "is my card not working").</summary>
    Negation,

    /// <summary>Numbers, amounts, currencies, dates or times differ ("send 50" / "send 500").</summary>
    Quantity,

    /// <summary>Quoted text differs (<c>"foo"</c> / <c>"bar"</c>).</summary>
    Quoted,

    /// <summary>A name one mentions is missing from the other ("to Alice" / "to Bob").</summary>
    Name,

    /// <summary>Opposite words (enable / disable, buy / sell, before / after …).</summary>
    Opposite,

    /// <summary>The same words in swapped roles ("from savings to checking" / "from checking to savings").</summary>
    Roles,
}
