namespace Tollgate.Core.Pricing;

/// <summary>Where a catalog's prices came from: a pricing file's name, its version and the date its prices were checked.</summary>
/// <param name="Name">The file's path as given (or the built-in resource's name).</param>
/// <param name="Version">The file's <c>version</c>, if it has one.</param>
/// <param name="AsOf">The file's <c>as_of</c> date, as written, if it has one.</param>
public sealed record PricingSource(string Name, string? Version, string? AsOf);
