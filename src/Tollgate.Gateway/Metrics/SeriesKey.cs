namespace Tollgate.Gateway.Metrics;

/// <summary>One combination of the request labels, each value already capped (<see cref="LabelValueCap"/>).</summary>
internal readonly record struct SeriesKey(string Feature, string Model, string Provider, string Team);
