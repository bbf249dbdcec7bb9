using Tollgate.Core.Exchange;
using Tollgate.Core.Routing;

namespace Tollgate.Gateway.Routing;

/// <summary>
/// The routing decision of one request under its feature's rule, pure and allocation-light (the body is read once by
/// <see cref="PromptScan"/>): the tier is the task type's (the request's <c>x-tollgate-task</c>, else the rule's
/// <c>Task</c>), else the <see cref="ComplexityClassifier"/>'s; the model is the rule's for that tier and the request's
/// provider family, moved up a tier (never down) while it lacks a capability the request uses (tools, image input,
/// JSON output). <c>"model": "auto"</c> always takes the routed model; a request naming a model keeps it unless the
/// rule rewrites, and then only for a model of a cheaper tier than the one named.
/// </summary>
internal static class ModelRouter
{
    /// <summary>The model name that asks the gateway to choose.</summary>
    public const string Auto = "auto";

    /// <summary>Whether <paramref name="model"/> is <c>auto</c> (any case).</summary>
    public static bool IsAuto(string? model) => model is not null && model.AsSpan().Trim().Equals(Auto, StringComparison.OrdinalIgnoreCase);

    /// <summary>The decision for a request of <paramref name="protocol"/> naming <paramref name="requested"/>.</summary>
    /// <param name="rule">The feature's rule.</param>
    /// <param name="catalog">Tiers and capabilities of the models.</param>
    /// <param name="protocol">The request's protocol: the family of the models it may go to.</param>
    /// <param name="requested">The model the request names.</param>
    /// <param name="taskType">The task type the request declared (<c>x-tollgate-task</c>), or null.</param>
    /// <param name="body">The request body, for the classifier and the capabilities it uses.</param>
    /// <param name="hasTools">Whether the request reader found tool definitions.</param>
    public static RoutingOutcome Decide(FeatureRoute rule, ModelCatalog catalog, WireProtocol protocol, string? requested, string? taskType, ReadOnlySpan<byte> body, bool hasTools)
    {
        var auto = IsAuto(requested);
        var task = taskType ?? rule.Task;
        var declared = task is null ? null : rule.TierOf(task);

        // A declared task decides the tier: the body is then read only for the capabilities it uses.
        var profile = PromptScan.Read(body, readText: declared is null);
        var uses = profile.Uses | (hasTools ? ModelCapabilities.Tools : ModelCapabilities.None);
        var tier = declared ?? ComplexityClassifier.Classify(profile);

        for (var candidate = tier; candidate <= ModelTier.Frontier; candidate++)
        {
            if (rule.ModelFor(protocol, candidate) is not { } model)
            {
                continue;
            }

            // A model the catalog does not list was named by the operator: its capabilities are theirs to know.
            if (catalog.Find(model) is { } entry && !entry.Has(uses))
            {
                continue;
            }

            if (auto)
            {
                return new RoutingOutcome(model, candidate, rule.ModelFor(protocol, ModelTier.Frontier), null);
            }

            var named = catalog.Find(requested);
            return named is null || named.Tier <= candidate || string.Equals(named.Model, model, StringComparison.OrdinalIgnoreCase)
                ? default
                : new RoutingOutcome(model, candidate, null, null);
        }

        return auto
            ? new RoutingOutcome(null, tier, null, $"model \"auto\": no model of the feature's routing rule takes what the request uses ({Describe(uses)}); name a model, or route the tier to one that does (Routing:Models).")
            : default;
    }

    private static string Describe(ModelCapabilities uses)
    {
        var parts = new List<string>(3);
        if (uses.HasFlag(ModelCapabilities.Tools))
        {
            parts.Add("tools");
        }

        if (uses.HasFlag(ModelCapabilities.Vision))
        {
            parts.Add("image input");
        }

        if (uses.HasFlag(ModelCapabilities.JsonMode))
        {
            parts.Add("JSON output");
        }

        return string.Join(", ", parts);
    }
}

/// <summary>What <see cref="ModelRouter.Decide"/> made of a request.</summary>
/// <param name="Model">The model to send it to, or null to leave it on its own.</param>
/// <param name="Tier">The tier of that model (or the tier asked for, when none served it).</param>
/// <param name="BaselineModel">For <c>auto</c>: the model the baseline is priced at, the rule's frontier model of the family.</param>
/// <param name="Refusal">Why an <c>auto</c> request cannot be served, or null.</param>
internal readonly record struct RoutingOutcome(string? Model, ModelTier Tier, string? BaselineModel, string? Refusal);
