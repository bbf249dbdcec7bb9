namespace Tollgate.Core.Caching;

/// <summary>Where personal data was found in a text.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Start">The index of its first character.</param>
/// <param name="Length">Its length in characters.</param>
public readonly record struct PersonalDataMatch(PersonalDataKind Kind, int Start, int Length);
