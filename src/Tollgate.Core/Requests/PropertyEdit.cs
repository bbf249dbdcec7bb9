namespace Tollgate.Core.Requests;

/// <summary>A top-level member to set (to <paramref name="ValueJson"/>) or remove (when it is null).</summary>
/// <param name="Name">The member name, as levers spell it.</param>
/// <param name="NameUtf8">The name in UTF-8, unescaped: compared with the body's names after their escapes are decoded.</param>
/// <param name="NameJson">The name as written when the member is added: quoted, escaped.</param>
/// <param name="ValueJson">The raw JSON value, checked when recorded; null to remove the member.</param>
internal sealed record PropertyEdit(string Name, byte[] NameUtf8, byte[] NameJson, byte[]? ValueJson);
