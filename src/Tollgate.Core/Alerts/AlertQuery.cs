namespace Tollgate.Core.Alerts;

/// <summary>Which alerts <see cref="IAlertStore.ListAsync"/> returns, newest first.</summary>
/// <param name="Since">Only those raised at or after this instant.</param>
/// <param name="Kind">Only those of this kind.</param>
/// <param name="Limit">At most this many (the newest).</param>
public sealed record AlertQuery(DateTimeOffset? Since = null, string? Kind = null, int Limit = AlertQuery.DefaultLimit)
{
    /// <summary>How many alerts a query returns unless it says otherwise.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The most a query may ask for.</summary>
    public const int MaxLimit = 1000;
}
