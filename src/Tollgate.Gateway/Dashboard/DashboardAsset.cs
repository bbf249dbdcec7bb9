namespace Tollgate.Gateway.Dashboard;

/// <summary>One file of the dashboard: its bytes, content type and ETag.</summary>
internal sealed record DashboardAsset(string Name, byte[] Content, string ContentType, string ETag);
