namespace Tollgate.Providers.Simulation;

/// <summary>
/// Probability (0 to 1) that a request meets each kind of fault. The kinds are drawn in the order listed
/// from one uniform number, so their sum must not exceed 1.
/// </summary>
public sealed class SimulatorFaultRates
{
    /// <summary>429 with <c>retry-after</c> and the provider's rate-limit error body.</summary>
    public double RateLimited { get; set; }

    /// <summary>500 with the provider's server error body.</summary>
    public double ServerError { get; set; }

    /// <summary>529 <c>overloaded_error</c> on Anthropic routes, 503 on OpenAI routes.</summary>
    public double Overloaded { get; set; }

    /// <summary>No answer until the client gives up (or <see cref="SimulatorOptions.HangMs"/> passes).</summary>
    public double Timeout { get; set; }

    /// <summary>Part of the answer, then the connection is aborted.</summary>
    public double StreamCut { get; set; }

    internal bool Any => RateLimited + ServerError + Overloaded + Timeout + StreamCut > 0;

    /// <summary>Checks that each rate is in [0, 1] and that they sum to at most 1.</summary>
    /// <exception cref="ArgumentException">A rate is out of range.</exception>
    public void Validate()
    {
        Check(RateLimited, nameof(RateLimited));
        Check(ServerError, nameof(ServerError));
        Check(Overloaded, nameof(Overloaded));
        Check(Timeout, nameof(Timeout));
        Check(StreamCut, nameof(StreamCut));
        if (RateLimited + ServerError + Overloaded + Timeout + StreamCut > 1 + 1e-9)
        {
            throw new ArgumentException("Fault rates must sum to at most 1.", nameof(SimulatorOptions.FaultRates));
        }
    }

    private static void Check(double rate, string name)
    {
        if (double.IsNaN(rate) || rate < 0 || rate > 1)
        {
            throw new ArgumentException($"Fault rate {name} must be between 0 and 1.", name);
        }
    }
}
