namespace Tollgate.Gateway.Endpoints;

/// <summary>How reading a request body ended.</summary>
internal enum RequestBodyOutcome
{
    /// <summary>The whole body is in the buffer.</summary>
    Complete,

    /// <summary>The body is over the limit; what arrived of it (up to the drain bound) was read and thrown away.</summary>
    TooLarge,

    /// <summary>The body ended before its declared length, or its chunked framing is broken.</summary>
    Truncated,

    /// <summary>The body stopped arriving (below Kestrel's minimum data rate) before it was complete.</summary>
    TimedOut,

    /// <summary>The connection broke while the body was arriving: there is nobody left to answer.</summary>
    ClientGone,
}
