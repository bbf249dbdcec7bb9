namespace Tollgate.Core.Settings;

/// <summary>
/// One setting made through the admin API over the configuration file: its path below the <c>Tollgate</c> section
/// (<c>Features:summarize:Output:MaxTokensCap</c>), its value as configuration holds it (text), and whether it hides
/// what the file has at and below that path. An array's entry (with its elements as entries of their own below it) and
/// a null hide the file's value as a whole; a plain value hides nothing but itself.
/// </summary>
/// <param name="Path">The setting's path, <c>:</c>-separated, below the <c>Tollgate</c> section.</param>
/// <param name="Value">The value as text (<c>200</c>, <c>true</c>, <c>gpt-4.1-mini</c>), or null for an array's own entry or a null.</param>
/// <param name="ReplacesBelow">Whether the file's values at and below <paramref name="Path"/> are hidden.</param>
public sealed record SettingOverride(string Path, string? Value, bool ReplacesBelow = false);
