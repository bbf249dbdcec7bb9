namespace Tollgate.Gateway.Hosting;

/// <summary>Whether the host has finished starting; read by a log filter on every call, set once.</summary>
internal sealed class StartupPhase
{
    private volatile bool _started;

    public bool Started
    {
        get => _started;
        set => _started = value;
    }
}
