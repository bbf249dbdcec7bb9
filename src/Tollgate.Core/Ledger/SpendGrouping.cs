namespace Tollgate.Core.Ledger;

/// <summary>How <c>/admin/spend</c> groups ledger rows.</summary>
public enum SpendGrouping
{
    /// <summary>By attributed feature.</summary>
    Feature,

    /// <summary>By attributed end user.</summary>
    User,

    /// <summary>By the model that served (the requested one when none served).</summary>
    Model,

    /// <summary>By virtual key name.</summary>
    Key,

    /// <summary>By attributed team.</summary>
    Team,
}
