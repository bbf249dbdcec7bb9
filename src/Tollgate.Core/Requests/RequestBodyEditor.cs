using System.Text.Json;
using Tollgate.Core.Exchange;

namespace Tollgate.Core.Requests;

/// <summary>
/// Applies a request's <see cref="RequestEdits"/> to the body exactly as the client sent it, in one forward pass
/// with <see cref="Utf8JsonReader"/>: the bytes no edit touches are copied as they are (unknown members,
/// whitespace, escapes, member order), edited values are replaced in place, and added members go at the end of
/// the object they belong to.
/// </summary>
/// <remarks>
/// The body has been validated at the edge; any valid JSON is handled (deep nesting, escaped member names,
/// duplicate members: each occurrence of an edited member is edited, so whichever one the provider reads, it
/// reads the edit). A body whose root is not an object is returned unchanged.
/// </remarks>
public static class RequestBodyEditor
{
    // The edge has already bounded the nesting; the editor itself walks any depth iteratively.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = int.MaxValue };

    /// <summary>
    /// Returns <paramref name="original"/> with the <paramref name="edits"/> that apply to the
    /// <paramref name="protocol"/> and <paramref name="operation"/> made. <paramref name="edits"/> may be null
    /// (nothing recorded), so an exchange that never edits need not allocate a <see cref="RequestEdits"/> at all.
    /// </summary>
    /// <returns>
    /// <paramref name="original"/> itself, not a copy, when no edit applies: it then lives only as long as the
    /// original does (the request's pooled buffer). Otherwise a new array the caller owns outright, with nothing to
    /// return anywhere, so it can be held across retries and after the request buffer is gone.
    /// </returns>
    public static ReadOnlyMemory<byte> Apply(ReadOnlyMemory<byte> original, WireProtocol protocol, ExchangeOperation operation, RequestEdits? edits)
    {
        if (edits is null || edits.IsEmpty || original.IsEmpty)
        {
            return original;
        }

        var plan = new EditPlan(edits, protocol, operation);
        return plan.IsEmpty ? original : Edit(original, plan);
    }

    private static ReadOnlyMemory<byte> Edit(ReadOnlyMemory<byte> original, in EditPlan plan)
    {
        var body = original.Span;
        var reader = new Utf8JsonReader(body, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return original;
        }

        var output = new BodySplicer(body, body.Length + plan.Growth);
        var members = new MemberTrail();
        var propertyCount = plan.Properties?.Count ?? 0;
        Span<bool> propertySeen = propertyCount <= 64 ? stackalloc bool[propertyCount] : new bool[propertyCount];
        var seen = Target.None;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var target = Match(ref reader, plan, out var property);
            reader.Read();
            seen |= target;
            if (target == Target.Property && plan.Properties![property].ValueJson is null)
            {
                reader.Skip();
                members.Remove(ref output, nameStart, (int)reader.BytesConsumed);
                continue;
            }

            members.Keep(ref output, nameStart);
            EditValue(ref reader, ref output, plan, target, property);
            if (target == Target.Property)
            {
                propertySeen[property] = true;
            }

            members.KeptUntil((int)reader.BytesConsumed);
        }

        // The reader stands on the root's closing brace: missing members go just before it.
        output.CopyTo((int)reader.TokenStartIndex);
        AddMissing(ref output, plan, seen, propertySeen, members.Kept > 0);
        return output.Finish();
    }

    private static Target Match(ref Utf8JsonReader reader, in EditPlan plan, out int property)
    {
        property = -1;
        if (plan.Model is not null && reader.ValueTextEquals("model"u8))
        {
            return Target.Model;
        }

        if (plan.MaxTokens is not null && (reader.ValueTextEquals(plan.MaxTokensName) || (plan.EitherMaxTokensName && (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8)))))
        {
            return Target.MaxTokens;
        }

        if (plan.StreamUsage && reader.ValueTextEquals("stream_options"u8))
        {
            return Target.StreamOptions;
        }

        if (plan.Stops is not null && reader.ValueTextEquals(plan.StopName))
        {
            return Target.Stop;
        }

        if ((plan.Placement == SystemPromptPlacement.Messages && reader.ValueTextEquals("messages"u8))
            || ((plan.Placement == SystemPromptPlacement.SystemMember || plan.BreakpointOnSystem) && reader.ValueTextEquals("system"u8))
            || (plan.Placement == SystemPromptPlacement.Instructions && reader.ValueTextEquals("instructions"u8)))
        {
            return Target.SystemPrompt;
        }

        if (plan.Breakpoints is { } breakpoints)
        {
            if (breakpoints.Tools && reader.ValueTextEquals("tools"u8))
            {
                return Target.Tools;
            }

            if (breakpoints.Message >= 0 && reader.ValueTextEquals("messages"u8))
            {
                return Target.Messages;
            }
        }

        var properties = plan.Properties;
        for (var i = 0; properties is not null && i < properties.Count; i++)
        {
            if (reader.ValueTextEquals(properties[i].NameUtf8))
            {
                property = i;
                return Target.Property;
            }
        }

        return Target.None;
    }

    private static void EditValue(ref Utf8JsonReader reader, ref BodySplicer output, in EditPlan plan, Target target, int property)
    {
        var valueStart = (int)reader.TokenStartIndex;
        switch (target)
        {
            case Target.Model:
                reader.Skip();
                output.Replace(valueStart, (int)reader.BytesConsumed, plan.Model);
                break;
            case Target.MaxTokens:
                reader.Skip();
                output.Replace(valueStart, (int)reader.BytesConsumed, plan.MaxTokens);
                break;
            case Target.Property:
                reader.Skip();
                output.Replace(valueStart, (int)reader.BytesConsumed, plan.Properties![property].ValueJson);
                break;
            case Target.StreamOptions:
                StreamUsageEdit.Apply(ref reader, ref output);
                break;
            case Target.Stop:
                StopSequenceEdit.Apply(ref reader, ref output, plan.Stops!, plan.StopLimit);
                break;
            case Target.Tools:
                CacheBreakpointEdit.ApplyToLastElement(ref reader, ref output);
                break;
            case Target.Messages:
                CacheBreakpointEdit.ApplyToMessage(ref reader, ref output, plan.Breakpoints!.Value.Message);
                break;
            case Target.SystemPrompt when plan.BreakpointOnSystem:
                CacheBreakpointEdit.ApplyToSystem(ref reader, ref output, plan.Placement == SystemPromptPlacement.SystemMember ? plan.SystemPrompt : null);
                break;
            case Target.SystemPrompt when plan.Placement == SystemPromptPlacement.Messages:
                SystemPromptEdit.ApplyToMessages(ref reader, ref output, plan.SystemPrompt!);
                break;
            case Target.SystemPrompt:
                SystemPromptEdit.ApplyToSystem(ref reader, ref output, plan.SystemPrompt!, blocks: plan.Placement == SystemPromptPlacement.SystemMember);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static void AddMissing(ref BodySplicer output, in EditPlan plan, Target seen, scoped ReadOnlySpan<bool> propertySeen, bool hasMembers)
    {
        if (plan.Model is not null && (seen & Target.Model) == 0)
        {
            AddMember(ref output, ref hasMembers, "\"model\":"u8, plan.Model);
        }

        if (plan.MaxTokens is not null && (seen & Target.MaxTokens) == 0)
        {
            Comma(ref output, ref hasMembers);
            output.Write((byte)'"');
            output.Write(plan.MaxTokensName);
            output.Write("\":"u8);
            output.Write(plan.MaxTokens);
        }

        if (plan.StreamUsage && (seen & Target.StreamOptions) == 0)
        {
            AddMember(ref output, ref hasMembers, "\"stream_options\":"u8, "{\"include_usage\":true}"u8);
        }

        if (plan.Stops is not null && (seen & Target.Stop) == 0)
        {
            Comma(ref output, ref hasMembers);
            output.Write((byte)'"');
            output.Write(plan.StopName);
            output.Write("\":"u8);
            StopSequenceEdit.WriteNew(ref output, plan.Stops, plan.StopLimit);
        }

        if (plan.Placement is SystemPromptPlacement.SystemMember or SystemPromptPlacement.Instructions && (seen & Target.SystemPrompt) == 0)
        {
            Comma(ref output, ref hasMembers);
            output.Write(plan.Placement == SystemPromptPlacement.SystemMember ? "\"system\":\""u8 : "\"instructions\":\""u8);
            output.Write(plan.SystemPrompt);
            output.Write((byte)'"');
        }

        for (var i = 0; i < propertySeen.Length; i++)
        {
            var property = plan.Properties![i];
            if (!propertySeen[i] && property.ValueJson is not null)
            {
                Comma(ref output, ref hasMembers);
                output.Write(property.NameJson);
                output.Write((byte)':');
                output.Write(property.ValueJson);
            }
        }
    }

    private static void AddMember(ref BodySplicer output, ref bool hasMembers, ReadOnlySpan<byte> nameAndColon, ReadOnlySpan<byte> value)
    {
        Comma(ref output, ref hasMembers);
        output.Write(nameAndColon);
        output.Write(value);
    }

    private static void Comma(ref BodySplicer output, ref bool hasMembers)
    {
        if (hasMembers)
        {
            output.Write((byte)',');
        }

        hasMembers = true;
    }

    /// <summary>The member an edit targets; flags, so the members seen can be collected in one value.</summary>
    [Flags]
    private enum Target
    {
        None = 0,
        Model = 1,
        MaxTokens = 2,
        StreamOptions = 4,
        Stop = 8,
        SystemPrompt = 16,
        Property = 32,
        Tools = 64,
        Messages = 128,
    }
}
