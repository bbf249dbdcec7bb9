namespace Tollgate.Gateway.Controls;

/// <summary>
/// OpenAI's reasoning models (the o-series and GPT-5), whose chat API takes <c>max_completion_tokens</c> and not
/// <c>max_tokens</c>, and no <c>stop</c> sequences.
/// </summary>
internal static class ReasoningModels
{
    /// <summary>Whether <paramref name="model"/> is one (a router's <c>openai/o3</c> form included).</summary>
    public static bool Includes(string? model)
    {
        if (model is null)
        {
            return false;
        }

        var name = model.AsSpan();
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        return name.StartsWith("gpt-5", StringComparison.OrdinalIgnoreCase)
            || (name.Length >= 2 && name[0] is 'o' or 'O' && name[1] is '1' or '3' or '4');
    }
}
