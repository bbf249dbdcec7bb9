using Tollgate.Core.Budgets;

namespace Tollgate.Core.Alerts;

/// <summary>
/// Turns each warning fraction a budget's spend crosses into a <see cref="AlertKinds.BudgetThreshold"/> alert: logged,
/// listed on <c>/admin/alerts</c> and sent to the webhooks, once per budget, fraction and period (the alert's dedupe key).
/// Publishing hands the alert to a queue and returns, so the settling request never waits for a webhook.
/// </summary>
public sealed class BudgetThresholdAlerts : IBudgetThresholdListener
{
    private readonly IAlertPublisher _publisher;
    private readonly TimeProvider _time;

    /// <summary>Creates the listener.</summary>
    public BudgetThresholdAlerts(IAlertPublisher publisher, TimeProvider time)
    {
        _publisher = publisher;
        _time = time;
    }

    /// <inheritdoc />
    public ValueTask OnThresholdCrossedAsync(BudgetThresholdCrossing crossing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(crossing);
        var budget = crossing.Budget;
        var state = crossing.State;
        var subject = new AlertSubject(budget.Id, budget.DisplayName, budget.Scope.ToString());
        _publisher.Publish(BudgetAlerts.ThresholdCrossed(
            subject,
            crossing.Fraction,
            state.Spent.Usd,
            budget.EffectiveLimitUsd,
            state.Window.Start,
            state.Window.ResetsAt,
            _time.GetUtcNow(),
            budget.LimitTokens is null ? null : state.Spent.Tokens,
            budget.LimitTokens));
        return ValueTask.CompletedTask;
    }
}
