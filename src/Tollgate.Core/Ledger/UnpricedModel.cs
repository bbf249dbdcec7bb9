namespace Tollgate.Core.Ledger;

/// <summary>A model the ledger recorded requests to without a cost, with how many and when the last one arrived.</summary>
/// <param name="Model">The model billed: the one that served, else the one requested (or an attempt's model).</param>
/// <param name="Requests">Requests recorded with an unknown cost for this model.</param>
/// <param name="LastSeen">When the last of them arrived.</param>
public sealed record UnpricedModel(string Model, long Requests, DateTimeOffset LastSeen);
