using Microsoft.Extensions.Options;

namespace Tollgate.Gateway.Controls;

/// <summary>
/// The input and output controls of every feature, made once per <see cref="GatewayOptions"/> (each feature's values
/// merged with the global ones), so a request pays a dictionary lookup. A reload of the configuration brings new
/// options, and with them new controls for the requests that follow.
/// </summary>
internal sealed class RequestControls
{
    /// <summary>The instruction <c>ConciseInstruction: true</c> appends to the system prompt.</summary>
    public const string BuiltInConciseInstruction =
        "Answer concisely: give only what was asked for, without preamble, repetition or closing remarks.";

    private readonly IOptionsMonitor<GatewayOptions> _options;
    private Snapshot? _current;

    public RequestControls(IOptionsMonitor<GatewayOptions> options) => _options = options;

    /// <summary>The controls of <paramref name="feature"/>'s requests under the options in force now.</summary>
    public FeatureControls For(string? feature)
    {
        var options = _options.CurrentValue;
        var current = _current;
        if (current is null || !ReferenceEquals(current.Source, options))
        {
            current = new Snapshot(options);
            _current = current;
        }

        return feature is not null && current.Features is not null && current.Features.TryGetValue(feature, out var controls) ? controls : current.Defaults;
    }

    /// <summary>The text a <c>ConciseInstruction</c> value stands for: null for unset or <c>false</c>, the built-in one for <c>true</c>.</summary>
    public static string? ConciseText(string? value) =>
        string.IsNullOrWhiteSpace(value) || (bool.TryParse(value, out var on) && !on) ? null
        : bool.TryParse(value, out _) ? BuiltInConciseInstruction
        : value.Trim();

    /// <summary>The controls <paramref name="options"/> describe for <paramref name="feature"/> (null: the global ones).</summary>
    public static FeatureControls Merge(GatewayOptions options, FeatureOptions? feature)
    {
        var output = options.Output ?? new OutputOptions();
        var input = options.Input ?? new InputOptions();
        var own = feature?.Output;
        var ownInput = feature?.Input;
        return new FeatureControls(
            feature?.Enabled ?? true,
            string.IsNullOrWhiteSpace(feature?.Model) ? null : feature.Model.Trim(),
            own?.DefaultMaxTokens ?? output.DefaultMaxTokens,
            own?.MaxTokensCap ?? output.MaxTokensCap,
            [.. own?.StopSequences ?? output.StopSequences ?? []],
            ConciseText(own?.ConciseInstruction ?? output.ConciseInstruction),
            ownInput?.MaxTokens ?? input.MaxTokens,
            ownInput?.OverLimit ?? input.OverLimit ?? InputOverLimit.Reject,
            string.IsNullOrWhiteSpace(feature?.DegradeModel) ? null : feature.DegradeModel.Trim(),
            feature?.PromptCache ?? true,
            own?.ValidationRetries ?? output.ValidationRetries ?? OutputOptions.DefaultValidationRetries);
    }

    private sealed class Snapshot
    {
        public Snapshot(GatewayOptions source)
        {
            Source = source;
            Defaults = Merge(source, null);
            foreach (var (name, feature) in source.Features ?? [])
            {
                if (feature is not null)
                {
                    (Features ??= new Dictionary<string, FeatureControls>(StringComparer.OrdinalIgnoreCase))[name] = Merge(source, feature);
                }
            }
        }

        public GatewayOptions Source { get; }

        public FeatureControls Defaults { get; }

        public Dictionary<string, FeatureControls>? Features { get; }
    }
}
