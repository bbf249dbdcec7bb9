using Tollgate.Core.Exchange;

namespace Tollgate.Gateway.Endpoints;

/// <summary>One provider-compatible route: its method and path, and the protocol and operation it serves.</summary>
internal sealed record ProviderRoute(string Method, string Path, WireProtocol Protocol, ExchangeOperation Operation);
