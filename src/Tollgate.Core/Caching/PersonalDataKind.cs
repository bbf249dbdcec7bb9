namespace Tollgate.Core.Caching;

/// <summary>The kinds of personal data that keep a request out of the cache.</summary>
public enum PersonalDataKind
{
    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A phone number written the way people write phone numbers (international or grouped).</summary>
    Phone,

    /// <summary>A payment card number that passes the Luhn check.</summary>
    CardNumber,

    /// <summary>An IBAN that passes the mod-97 check.</summary>
    Iban,

    /// <summary>An API key, access key or other secret token.</summary>
    Secret,
}
