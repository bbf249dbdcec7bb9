namespace Tollgate.LoadBench;

/// <summary>
/// The scenarios a run can measure, by the name its cells carry: the pass-through (a request the response cache may
/// not answer) and exact cache hits (a cacheable request the gateway has answered before), each whole and streamed.
/// </summary>
internal static class LoadScenarios
{
    public const string Chat = "chat";
    public const string ChatStream = "chat-stream";
    public const string Hit = "chat-hit";
    public const string StreamHit = "chat-stream-hit";

    /// <summary>The scenarios of a run, in the order each round measures them.</summary>
    public static IReadOnlyList<string> Of(LoadBenchOptions options)
    {
        var scenarios = new List<string>();
        if (options.PassThrough)
        {
            scenarios.Add(Chat);
            if (options.Stream)
            {
                scenarios.Add(ChatStream);
            }
        }

        if (options.Cache)
        {
            scenarios.Add(Hit);
            if (options.Stream)
            {
                scenarios.Add(StreamHit);
            }
        }

        return scenarios;
    }

    public static bool IsStream(string scenario) => scenario is ChatStream or StreamHit;

    public static bool IsHit(string scenario) => scenario is Hit or StreamHit;

    /// <summary>
    /// Whether <paramref name="target"/> is measured in <paramref name="scenario"/>: an earlier build may have no cache, so
    /// hits skip it, and the budgets gateway is there for the pass-through.
    /// </summary>
    public static bool Measures(string scenario, LoadTarget target) => !IsHit(scenario) || target is not (LoadTarget.Before or LoadTarget.Budgets);

    /// <summary>How the report names a scenario's rows; a stream's comparisons read its first byte.</summary>
    public static string Label(string scenario) => scenario switch
    {
        Chat => "non-stream",
        ChatStream => "stream, first byte",
        Hit => "exact hit",
        StreamHit => "exact hit, stream first byte",
        _ => scenario,
    };

    /// <summary>The request every connection of a cell in <paramref name="scenario"/> sends.</summary>
    /// <param name="scenario">The scenario's name.</param>
    /// <param name="temperature">The pass-through's temperature (<see cref="LoadBenchOptions.PassThroughTemperature"/>).</param>
    /// <param name="attributed">Whether the pass-through names the user and feature the budgets count (<see cref="BudgetSettings.Headers"/>).</param>
    public static LoadRequest Request(string scenario, string? temperature = null, bool attributed = false) => scenario switch
    {
        Chat => LoadRequest.Chat(stream: false, temperature) with { Headers = attributed ? BudgetSettings.Headers : [] },
        ChatStream => LoadRequest.Chat(stream: true, temperature) with { Headers = attributed ? BudgetSettings.Headers : [] },
        Hit => LoadRequest.CachedChat(stream: false),
        StreamHit => LoadRequest.CachedChat(stream: true),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario."),
    };
}
