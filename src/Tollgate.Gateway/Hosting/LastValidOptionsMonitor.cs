using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// An <see cref="IOptionsMonitor{TOptions}"/> that follows its configuration as it reloads and keeps the last valid
/// options when a reload fails validation or binding, saying so in the log. The framework's own monitor drops its
/// value before building the new one, so after one bad edit of the file every read would throw until the file is
/// fixed (dotnet/runtime#44381): a request must not fail because an operator mistyped a setting.
/// </summary>
/// <remarks>Only the unnamed options are followed; a named instance is built afresh on every read.</remarks>
internal sealed partial class LastValidOptionsMonitor<TOptions> : IOptionsMonitor<TOptions>, IDisposable
    where TOptions : class
{
    private readonly IOptionsFactory<TOptions> _factory;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _registrations = [];
    private volatile TOptions _current;

    public LastValidOptionsMonitor(IOptionsFactory<TOptions> factory, IEnumerable<IOptionsChangeTokenSource<TOptions>> sources, ILogger<LastValidOptionsMonitor<TOptions>> logger)
    {
        _factory = factory;
        _logger = logger;
        _current = factory.Create(Options.DefaultName); // options invalid at start throw here, and the start stops
        foreach (var source in sources)
        {
            if (string.IsNullOrEmpty(source.Name))
            {
                _registrations.Add(ChangeToken.OnChange(source.GetChangeToken, Reload));
            }
        }
    }

    private event Action<TOptions, string?>? Changed;

    public TOptions CurrentValue => _current;

    public TOptions Get(string? name) => string.IsNullOrEmpty(name) ? _current : _factory.Create(name);

    public IDisposable OnChange(Action<TOptions, string?> listener)
    {
        Changed += listener;
        return new Subscription(this, listener);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Reload()
    {
        TOptions options;
        try
        {
            options = _factory.Create(Options.DefaultName);
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
        {
            LogReloadRefused(_logger, typeof(TOptions).Name, exception.Message);
            return;
        }

        _current = options;
        LogReloaded(_logger, typeof(TOptions).Name);
        Changed?.Invoke(options, Options.DefaultName);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Configuration reloaded: new {Options} in force.")]
    private static partial void LogReloaded(ILogger logger, string options);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Configuration reload refused, the previous {Options} stay in force: {Problem}")]
    private static partial void LogReloadRefused(ILogger logger, string options, string problem);

    private sealed class Subscription(LastValidOptionsMonitor<TOptions> monitor, Action<TOptions, string?> listener) : IDisposable
    {
        public void Dispose() => monitor.Changed -= listener;
    }
}
