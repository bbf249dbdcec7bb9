using Tollgate.Gateway.Controls;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Hosting;

/// <summary>
/// The checks of the input and output controls (<c>Output</c>, <c>Input</c>, and each feature's <c>Output</c>,
/// <c>Input</c> and <c>Model</c>), part of <see cref="GatewayOptionsValidator"/>: at start and on every reload.
/// </summary>
internal static class ControlOptionsValidation
{
    public static void Validate(GatewayOptions options, ref List<string>? failures)
    {
        ValidateOutput("Output", options.Output, ref failures);
        ValidateInput("Input", options.Input, ref failures);
        CheckDefaultWithinCap("Output", RequestControls.Merge(options, null), ref failures);
        foreach (var (name, feature) in options.Features ?? [])
        {
            if (feature is null)
            {
                continue;
            }

            ValidateOutput($"Features:{name}:Output", feature.Output, ref failures);
            ValidateInput($"Features:{name}:Input", feature.Input, ref failures);
            if (feature.Model is { } model && (string.IsNullOrWhiteSpace(model) || !RequestReader.IsPrintableAscii(model)))
            {
                (failures ??= []).Add($"Features:{name}:Model must name a model in printable ASCII characters, e.g. gpt-4o-mini; it is '{model}'.");
            }

            CheckDefaultWithinCap($"Features:{name}:Output", RequestControls.Merge(options, feature), ref failures);
        }
    }

    private static void ValidateOutput(string key, OutputOptions? output, ref List<string>? failures)
    {
        if (output is null)
        {
            return;
        }

        CheckPositive($"{key}:DefaultMaxTokens", output.DefaultMaxTokens, ref failures);
        CheckPositive($"{key}:MaxTokensCap", output.MaxTokensCap, ref failures);
        if (output.ValidationRetries is < 0 or > OutputOptions.MaxValidationRetries)
        {
            (failures ??= []).Add($"{key}:ValidationRetries must be between 0 and {OutputOptions.MaxValidationRetries}; it is {output.ValidationRetries}.");
        }

        for (var i = 0; i < (output.StopSequences?.Count ?? 0); i++)
        {
            if (string.IsNullOrEmpty(output.StopSequences![i]))
            {
                (failures ??= []).Add($"{key}:StopSequences:{i} must not be empty.");
            }
        }
    }

    private static void ValidateInput(string key, InputOptions? input, ref List<string>? failures)
    {
        if (input is null)
        {
            return;
        }

        CheckPositive($"{key}:MaxTokens", input.MaxTokens, ref failures);
        if (input.OverLimit is { } overLimit && !Enum.IsDefined(overLimit))
        {
            (failures ??= []).Add($"{key}:OverLimit must be Reject or Trim.");
        }
    }

    /// <summary>A default above the cap would be lowered on every request: the settings contradict each other.</summary>
    private static void CheckDefaultWithinCap(string key, FeatureControls controls, ref List<string>? failures)
    {
        if (controls.DefaultMaxTokens is { } value && controls.MaxTokensCap is { } cap && value > cap)
        {
            (failures ??= []).Add($"{key}:DefaultMaxTokens ({value}) must not be over the MaxTokensCap that applies ({cap}).");
        }
    }

    private static void CheckPositive(string key, int? value, ref List<string>? failures)
    {
        if (value is < 1)
        {
            (failures ??= []).Add($"{key} must be at least 1; it is {value}.");
        }
    }
}
