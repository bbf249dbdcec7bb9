namespace Tollgate.Gateway.Hosting;

/// <summary>The gateway refused to start; the message says why and what to do.</summary>
public sealed class GatewayStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public GatewayStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
