namespace Tollgate.Core.Alerts;

/// <summary>What an alert is about, e.g. a budget.</summary>
/// <param name="Id">Its stable id (a budget's id).</param>
/// <param name="Name">Its name as operators know it.</param>
/// <param name="Scope">What it covers, e.g. <c>team:core</c> or <c>key:search-service</c>.</param>
public sealed record AlertSubject(string? Id, string? Name, string? Scope);
