using System.ClientModel.Primitives;

namespace Tollgate.EndToEnd.Tests.Support;

/// <summary>
/// An OpenAI SDK pipeline policy that keeps the <c>x-tollgate-request-id</c> of the last response, for calls (streams)
/// whose result does not expose the raw response.
/// </summary>
internal sealed class RequestIdCapture : PipelinePolicy
{
    public string? LastRequestId { get; private set; }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Capture(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex);
        Capture(message);
    }

    private void Capture(PipelineMessage message)
    {
        if (message.Response?.Headers.TryGetValue("x-tollgate-request-id", out var id) == true)
        {
            LastRequestId = id;
        }
    }
}
