using Tollgate.Core.Ledger;

namespace Tollgate.Gateway.AccessLog;

/// <summary>
/// Carried on a logged request's <see cref="Microsoft.AspNetCore.Http.HttpContext.Features"/>: the ledger row its
/// exchange settled into, if any, for the access log line written when the request ends.
/// </summary>
internal sealed class AccessLogRecord
{
    public LedgerEntry? Entry { get; set; }
}
