namespace Tollgate.Core.Alerts;

/// <summary>How urgent an alert is; the log event takes its level from it.</summary>
public enum AlertSeverity
{
    /// <summary>For the record (a test alert, a first threshold).</summary>
    Info,

    /// <summary>Needs attention soon (a threshold short of the limit).</summary>
    Warning,

    /// <summary>Needs attention now (a limit reached or exceeded).</summary>
    Critical,
}
