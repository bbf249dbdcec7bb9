namespace Tollgate.Gateway.Endpoints;

/// <summary>
/// One setting in force as <c>GET /admin/config</c> shows it: its path below the <c>Tollgate</c> section, its value
/// (null when <paramref name="Redacted"/>), and where it comes from: <c>file</c>, <c>environment</c>,
/// <c>command-line</c> or <c>admin</c> (set through the admin API).
/// </summary>
internal sealed record ConfigSettingResponse(string Key, string? Value, string Source, bool Redacted);
