namespace Tollgate.Gateway.Alerts;

/// <summary>One receiver of alerts (<c>Tollgate:Alerts:Webhooks:N</c>).</summary>
public sealed class AlertWebhookOptions
{
    /// <summary>Where alerts are POSTed: an absolute http(s) URL.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// The key of the HMAC-SHA256 signature in <c>x-tollgate-signature</c>, which the receiver checks. Required; never
    /// logged, never shown by an admin route.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Only alerts of these kinds (e.g. <c>budget_threshold</c>); empty or unset: every kind.</summary>
    public List<string>? Kinds { get; set; }

    /// <summary>
    /// How <c>/admin/alerts</c> and the log name this webhook; its URL's host (and port) when unset, so a token in the
    /// URL's path is not shown. Two webhooks must not share a name.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The name the webhook goes by: <see cref="Name"/>, or the URL's host and port.</summary>
    public string EffectiveName =>
        !string.IsNullOrWhiteSpace(Name) ? Name.Trim()
        : Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.Authority
        : string.Empty;

    /// <summary>Whether alerts of <paramref name="kind"/> go to this webhook. Test alerts go to every webhook.</summary>
    public bool Accepts(string kind)
    {
        if (Kinds is not { Count: > 0 } kinds || kind == Core.Alerts.AlertKinds.Test)
        {
            return true;
        }

        foreach (var accepted in kinds)
        {
            if (string.Equals(accepted, kind, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
