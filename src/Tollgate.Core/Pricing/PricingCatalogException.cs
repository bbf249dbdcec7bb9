namespace Tollgate.Core.Pricing;

/// <summary>A pricing file could not be read or is not a valid pricing catalog. The message names the file and the problem.</summary>
public sealed class PricingCatalogException : Exception
{
    /// <summary>Creates the exception with a message naming the file and what is wrong with it.</summary>
    public PricingCatalogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message naming the file and the error that made it unreadable.</summary>
    public PricingCatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
