namespace Tollgate.Cli.Workloads;

/// <summary>
/// One request of a workload file (<c>samples/README.md</c> describes the format): when it arrives, which API it
/// speaks, who sends it, and the provider request body exactly as an SDK would send it.
/// </summary>
/// <param name="LineNumber">Its line in the file, 1-based, for messages.</param>
/// <param name="AtMs">Milliseconds from the workload's start at which it arrives.</param>
/// <param name="Protocol">The API it speaks.</param>
/// <param name="Body">The request body, as JSON text.</param>
/// <param name="Prompt">What the body asks, read once for the commands that look at prompts.</param>
internal sealed record WorkloadLine(int LineNumber, long AtMs, WorkloadProtocol Protocol, string Body, WorkloadPrompt Prompt)
{
    /// <summary><c>x-tollgate-feature</c>, when the line names one.</summary>
    public string? Feature { get; init; }

    /// <summary><c>x-tollgate-user</c>, when the line names one.</summary>
    public string? User { get; init; }

    /// <summary><c>x-tollgate-team</c>, when the line names one.</summary>
    public string? Team { get; init; }

    /// <summary><c>x-tollgate-task</c>, when the line names one.</summary>
    public string? Task { get; init; }

    /// <summary>The expected answer or category, when the workload is labelled.</summary>
    public string? Label { get; init; }
}
