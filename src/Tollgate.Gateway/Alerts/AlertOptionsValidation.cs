namespace Tollgate.Gateway.Alerts;

/// <summary>The checks of <c>Tollgate:Alerts</c>, run by the gateway's options validator at start and on every reload.</summary>
internal static class AlertOptionsValidation
{
    public static void Validate(AlertOptions? alerts, ref List<string>? failures)
    {
        if (alerts is null)
        {
            (failures ??= []).Add("Alerts must be a section.");
            return;
        }

        if (alerts.MaxAttempts is < 1 or > AlertOptions.MaxMaxAttempts)
        {
            (failures ??= []).Add($"Alerts:MaxAttempts must be from 1 to {AlertOptions.MaxMaxAttempts}; it is {alerts.MaxAttempts}.");
        }

        if (!(alerts.RetryDelaySeconds > 0 && alerts.RetryDelaySeconds <= AlertOptions.MaxRetryDelay.TotalSeconds))
        {
            (failures ??= []).Add($"Alerts:RetryDelaySeconds must be positive and at most {AlertOptions.MaxRetryDelay.TotalSeconds}; it is {alerts.RetryDelaySeconds}.");
        }

        if (!(alerts.AttemptTimeoutSeconds > 0 && alerts.AttemptTimeoutSeconds <= 300))
        {
            (failures ??= []).Add($"Alerts:AttemptTimeoutSeconds must be positive and at most 300; it is {alerts.AttemptTimeoutSeconds}.");
        }

        if (alerts.Webhooks is null)
        {
            return;
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < alerts.Webhooks.Count; i++)
        {
            var webhook = alerts.Webhooks[i];
            var key = $"Alerts:Webhooks:{i}";
            if (webhook is null)
            {
                (failures ??= []).Add($"{key} must be a section with a Url and a Secret.");
                continue;
            }

            // The URL is not repeated in the message: it may carry a token.
            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                (failures ??= []).Add($"{key}:Url must be an absolute http(s) URL.");
            }

            if (string.IsNullOrWhiteSpace(webhook.Secret))
            {
                (failures ??= []).Add($"{key}:Secret is required: the receiver checks each alert's signature with it.");
            }

            if (webhook.Kinds is { } kinds && kinds.Exists(string.IsNullOrWhiteSpace))
            {
                (failures ??= []).Add($"{key}:Kinds must list alert kinds such as budget_threshold; one is empty.");
            }

            var name = webhook.EffectiveName;
            if (name.Length > 0 && !names.TryAdd(name, i))
            {
                (failures ??= []).Add($"Alerts:Webhooks:{names[name]} and {i} are both named '{name}': give each a Name of its own.");
            }
        }
    }
}
