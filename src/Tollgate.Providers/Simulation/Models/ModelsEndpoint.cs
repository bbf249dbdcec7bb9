using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Providers.Simulation.Anthropic;
using Tollgate.Providers.Simulation.Calls;
using Tollgate.Providers.Simulation.Hosting;
using Tollgate.Providers.Simulation.OpenAI;
using Tollgate.Providers.Simulation.Wire;

namespace Tollgate.Providers.Simulation.Models;

/// <summary>
/// <c>GET /v1/models</c>: OpenAI's list format, or Anthropic's when the caller sends <c>anthropic-version</c>
/// (both providers serve this path).
/// </summary>
internal sealed class ModelsEndpoint() : SimulatedEndpoint(OpenAIErrors.Instance)
{
    private const long Created = 1_715_367_049;

    private static readonly string[] OpenAIModels =
    [
        "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-5", "gpt-5-mini", "gpt-5-nano",
        "o3", "o4-mini", "text-embedding-3-small", "text-embedding-3-large",
    ];

    private static readonly string[] AnthropicModels =
    [
        "claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-3-5-haiku-latest",
    ];

    public override bool ReadsBody => false;

    public override IProviderErrors ProviderOf(HttpRequest request) =>
        IsAnthropic(request) ? AnthropicErrors.Instance : Provider;

    public override async ValueTask<bool> AnswerAsync(SimulatedExchange exchange, JsonElement body, Pacer pacer)
    {
        await JsonWire.WriteBodyAsync(exchange.Context.Response, StatusCodes.Status200OK, IsAnthropic(exchange.Context.Request), static (writer, anthropic) =>
        {
            writer.WriteStartObject();
            if (anthropic)
            {
                writer.WriteStartArray("data"u8);
                foreach (var model in AnthropicModels)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "model"u8);
                    writer.WriteString("id"u8, model);
                    writer.WriteString("display_name"u8, model);
                    writer.WriteString("created_at"u8, "2025-05-14T00:00:00Z"u8);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteBoolean("has_more"u8, false);
                writer.WriteString("first_id"u8, AnthropicModels[0]);
                writer.WriteString("last_id"u8, AnthropicModels[^1]);
            }
            else
            {
                writer.WriteString("object"u8, "list"u8);
                writer.WriteStartArray("data"u8);
                foreach (var model in OpenAIModels)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id"u8, model);
                    writer.WriteString("object"u8, "model"u8);
                    writer.WriteNumber("created"u8, Created);
                    writer.WriteString("owned_by"u8, "system"u8);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }, exchange.Aborted);
        return true;
    }

    private static bool IsAnthropic(HttpRequest request) => request.Headers.ContainsKey("anthropic-version");
}
