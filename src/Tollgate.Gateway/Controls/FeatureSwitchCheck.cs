using Tollgate.Core.Exchange;
using Tollgate.Core.Stages;

namespace Tollgate.Gateway.Controls;

/// <summary>
/// The guard's feature switch: a request of a feature switched off (<c>Tollgate:Features:NAME:Enabled: false</c>) is
/// refused with 403 in the protocol's error shape, naming the feature, before anything is spent on it. Read per
/// request, so switching a feature off or on in the <c>--config</c> file applies to the next request.
/// </summary>
internal sealed class FeatureSwitchCheck : IGuardCheck
{
    private readonly RequestControls _controls;

    public FeatureSwitchCheck(RequestControls controls) => _controls = controls;

    public ValueTask<ExchangeRejection?> CheckAsync(ExchangeContext exchange, CancellationToken cancellationToken)
    {
        if (exchange.Feature is not { } feature || _controls.For(feature).Enabled)
        {
            return ValueTask.FromResult<ExchangeRejection?>(null);
        }

        return ValueTask.FromResult<ExchangeRejection?>(new ExchangeRejection(
            403,
            ErrorTypes.Permission,
            $"The feature '{feature}' is disabled on this gateway (Tollgate:Features:{feature}:Enabled is false).")
        {
            Code = "feature_disabled",
            Reason = "feature_disabled",
        });
    }
}
