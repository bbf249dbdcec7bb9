using System.ClientModel.Primitives;

namespace Tollgate.EndToEnd.Tests.Caching;

/// <summary>
/// Request headers an application adds to its official SDK's calls (<c>cache-control</c>, <c>x-tollgate-*</c>): an
/// OpenAI pipeline policy and an <see cref="HttpMessageHandler"/> for the Anthropic SDK, both reading the same set, so a
/// test changes them between calls.
/// </summary>
internal sealed class CacheHeaders : PipelinePolicy
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>x-tollgate-cache</c> header of the last response (streams expose no raw response).</summary>
    public string? LastCache { get; private set; }

    /// <summary>The <c>x-tollgate-request-id</c> header of the last response.</summary>
    public string? LastRequestId { get; private set; }

    /// <summary>The <c>x-tollgate-model</c> header of the last response: the model that served it.</summary>
    public string? LastModel { get; private set; }

    /// <summary>The <c>x-tollgate-valid</c> header of the last response: the typed output check's verdict on a whole answer.</summary>
    public string? LastValid { get; private set; }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
        Capture(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        await ProcessNextAsync(message, pipeline, currentIndex);
        Capture(message);
    }

    /// <summary>A handler for an <see cref="HttpClient"/> that adds the headers to every request.</summary>
    public HttpMessageHandler Handler() => new Adding(this);

    private void Capture(PipelineMessage message)
    {
        LastCache = message.Response?.Headers.TryGetValue("x-tollgate-cache", out var cache) == true ? cache : null;
        LastRequestId = message.Response?.Headers.TryGetValue("x-tollgate-request-id", out var id) == true ? id : null;
        LastModel = message.Response?.Headers.TryGetValue("x-tollgate-model", out var model) == true ? model : null;
        LastValid = message.Response?.Headers.TryGetValue("x-tollgate-valid", out var valid) == true ? valid : null;
    }

    private void Capture(HttpResponseMessage response)
    {
        LastCache = response.Headers.TryGetValues("x-tollgate-cache", out var cache) ? cache.Single() : null;
        LastRequestId = response.Headers.TryGetValues("x-tollgate-request-id", out var id) ? id.Single() : null;
        LastModel = response.Headers.TryGetValues("x-tollgate-model", out var model) ? model.Single() : null;
        LastValid = response.Headers.TryGetValues("x-tollgate-valid", out var valid) ? valid.Single() : null;
    }

    private void Apply(PipelineMessage message)
    {
        foreach (var (name, value) in Values)
        {
            message.Request.Headers.Set(name, value);
        }
    }

    private sealed class Adding(CacheHeaders headers) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var (name, value) in headers.Values)
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }

            var response = await base.SendAsync(request, cancellationToken);
            headers.Capture(response);
            return response;
        }
    }
}
