namespace Tollgate.Core.Budgets;

/// <summary>What a budget is attached to: the whole gateway, or the requests of one team, feature, user, key or tag.</summary>
public enum BudgetScopeKind
{
    /// <summary>Every request the gateway serves.</summary>
    Global,

    /// <summary>The requests attributed to one team.</summary>
    Team,

    /// <summary>The requests attributed to one feature.</summary>
    Feature,

    /// <summary>The requests attributed to one end user.</summary>
    User,

    /// <summary>The requests made with one virtual key (by its name).</summary>
    Key,

    /// <summary>The requests carrying one tag value (<c>project=atlas</c>), whichever key or team sent them.</summary>
    Tag,
}
