namespace Tollgate.Core.Ledger;

/// <summary>How <c>/admin/spend</c> groups ledger rows (<see cref="SpendGroupings"/> names them).</summary>
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

    /// <summary>
    /// By the lever that saved on a request (the <c>ledger_savings</c> rows), the negotiated discount included; a
    /// request several levers acted on counts under each, and requests no lever acted on form the null group. A cache
    /// hit or coalesced answer whose saving is unknown (its model has no price) counts under its lever, saving nothing.
    /// </summary>
    Lever,

    /// <summary>
    /// By the value of one tag, named by <see cref="SpendQuery.TagKey"/> (<c>group_by=tag:project</c>); requests
    /// without that tag form the null group.
    /// </summary>
    Tag,
}
