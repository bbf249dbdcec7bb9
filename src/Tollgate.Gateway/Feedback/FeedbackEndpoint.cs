using System.Buffers;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.Exchange;
using Tollgate.Core.Feedback;
using Tollgate.Core.Identity;
using Tollgate.Gateway.Endpoints;
using Tollgate.Gateway.Protocols;

namespace Tollgate.Gateway.Feedback;

/// <summary>
/// <c>POST /v1/tollgate/feedback {"request_id": "…", "usable": true|false}</c>: an application says whether a request's
/// output was usable. Authenticated as the provider routes are (<see cref="CallerAuthentication"/>); a caller gives
/// feedback only on the requests it may name (<see cref="RequestOwnership"/>): any other id, like an unknown one, is
/// answered 404. The last word wins. Errors are in the OpenAI shape; the call itself is no ledger row.
/// </summary>
internal sealed class FeedbackEndpoint
{
    public const string Path = "/v1/tollgate/feedback";

    // A feedback body is a few dozen bytes; anything much larger is not one.
    private const int MaxBodyBytes = 16 * 1024;

    private const string Example = "{\"request_id\": \"req_…\", \"usable\": true}";

    private readonly VirtualKeyResolver _keys;
    private readonly AuthenticationMode _mode;
    private readonly RequestOwnership _ownership;
    private readonly IFeedbackStore _feedback;

    public FeedbackEndpoint(VirtualKeyResolver keys, AuthenticationMode mode, RequestOwnership ownership, IFeedbackStore feedback)
    {
        _keys = keys;
        _mode = mode;
        _ownership = ownership;
        _feedback = feedback;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var fromLoopback = http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
        var caller = await CallerAuthentication.AuthenticateAsync(_keys, _mode, ExchangeHandlerEndpoint.ReadCredential(http.Request), fromLoopback).ConfigureAwait(false);
        if (caller.Refused)
        {
            await ErrorAsync(http, 401, ErrorTypes.Authentication, caller.RefusalMessage!).ConfigureAwait(false);
            return;
        }

        var body = await RequestBodyReader.ReadAsync(http, MaxBodyBytes).ConfigureAwait(false);
        try
        {
            if (body.Outcome == RequestBodyOutcome.ClientGone)
            {
                return;
            }

            if (body.Outcome != RequestBodyOutcome.Complete)
            {
                http.Response.Headers.Connection = "close";
                await ErrorAsync(http, body.Outcome == RequestBodyOutcome.TooLarge ? 413 : 400, ErrorTypes.InvalidRequest, $"The body must be a small JSON object such as {Example}.").ConfigureAwait(false);
                return;
            }

            if (Read(body.Buffer.AsSpan(0, body.Length), out var requestId, out var usable) is { } problem)
            {
                await ErrorAsync(http, 400, ErrorTypes.InvalidRequest, problem.Message, problem.Param).ConfigureAwait(false);
                return;
            }

            if (await _ownership.FindAsync(requestId!, caller.Key, http.RequestAborted).ConfigureAwait(false) is null)
            {
                await ErrorAsync(http, 404, ErrorTypes.NotFound, $"No request '{requestId}' was found for this caller.", "request_id").ConfigureAwait(false);
                return;
            }

            var recorded = await _feedback.RecordAsync(requestId!, usable, caller.Key?.Name, http.RequestAborted).ConfigureAwait(false);
            http.Response.StatusCode = 200;
            await JsonSerializer.SerializeAsync(http.Response.Body, FeedbackResponse.From(recorded), FeedbackJsonContext.Default.FeedbackResponse, http.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            if (body.Buffer is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Reads <c>request_id</c> and <c>usable</c>; returns what is wrong, or null.</summary>
    private static (string Message, string? Param)? Read(ReadOnlySpan<byte> json, out string? requestId, out bool usable)
    {
        requestId = null;
        usable = false;
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(json);
            root = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return ($"The body is not JSON; send an object such as {Example}.", null);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return ($"The body must be a JSON object such as {Example}.", null);
        }

        if (!root.TryGetProperty("request_id", out var id) || id.ValueKind != JsonValueKind.String || !RequestOwnership.IsWellFormed(id.GetString()))
        {
            return ("'request_id' must be the x-tollgate-request-id of an earlier response, as a string.", "request_id");
        }

        if (!root.TryGetProperty("usable", out var flag) || flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return ("'usable' must be true or false.", "usable");
        }

        requestId = id.GetString();
        usable = flag.GetBoolean();
        return null;
    }

    private static Task ErrorAsync(HttpContext http, int status, string type, string message, string? param = null) =>
        ProtocolErrors.WriteAsync(http.Response, WireProtocol.OpenAI, status, type, message, param);
}
