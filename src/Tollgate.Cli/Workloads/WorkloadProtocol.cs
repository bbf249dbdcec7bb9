namespace Tollgate.Cli.Workloads;

/// <summary>The API a workload line speaks, and so the route it is sent to.</summary>
internal enum WorkloadProtocol
{
    /// <summary>OpenAI chat completions, <c>POST /v1/chat/completions</c>.</summary>
    Chat,

    /// <summary>OpenAI Responses, <c>POST /v1/responses</c>.</summary>
    Responses,

    /// <summary>Anthropic messages, <c>POST /v1/messages</c>.</summary>
    Messages,
}
