using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tollgate.Testing.Servers;

/// <summary>
/// A self-signed server certificate for <c>127.0.0.1</c> and <c>localhost</c>, made for one test run and written as a
/// password-protected PFX file, the way an operator hands Kestrel a certificate. Clients trust exactly this
/// certificate (<see cref="CreateHandler"/>), never the machine's store.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly X509Certificate2 _certificate;

    public TestCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        Path = System.IO.Path.Combine(_directory.Path, "tollgate.pfx");
        File.WriteAllBytes(Path, _certificate.Export(X509ContentType.Pfx, Password));
    }

    /// <summary>The PFX file.</summary>
    public string Path { get; }

    /// <summary>The PFX file's password.</summary>
    public string Password { get; } = "tollgate-test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A handler that trusts this certificate alone and speaks HTTP/2 when the server offers it.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString(),
        },
    };

    public void Dispose()
    {
        _certificate.Dispose();
        _directory.Dispose();
    }
}
