using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rltk.Actors.Tests.Support;

/// <summary>
/// Certificates the tests make for themselves, as files: a CA and a node certificate it signed (PEM and
/// PFX), and a rogue certificate signed by another CA. The folder is deleted on dispose.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rltk-tls-").FullName;

    public TestCertificates()
    {
        using var authority = NewAuthority("CN=Rltk Test CA");
        using var rogueAuthority = NewAuthority("CN=Rogue CA");
        File.WriteAllText(CaFile, authority.ExportCertificatePem());
        WriteSigned(authority, "node", pfx: true);
        WriteSigned(rogueAuthority, "rogue", pfx: false);
    }

    public string CaFile => Path.Combine(_folder, "ca.pem");

    /// <summary>A node's certificate and key as PEM files, signed by the CA.</summary>
    public TlsFiles Node => new(CaFile, Path.Combine(_folder, "node.pem"), Path.Combine(_folder, "node.key"));

    /// <summary>The same node certificate as one PFX file.</summary>
    public TlsFiles NodePfx => new(CaFile, Path.Combine(_folder, "node.pfx"));

    /// <summary>A certificate signed by another CA: it trusts the cluster's CA, but the cluster must not trust it.</summary>
    public TlsFiles Rogue => new(CaFile, Path.Combine(_folder, "rogue.pem"), Path.Combine(_folder, "rogue.key"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static X509Certificate2 NewAuthority(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));
    }

    private void WriteSigned(X509Certificate2 authority, string name, bool pfx)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=rltk-{name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(Path.Combine(_folder, $"{name}.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_folder, $"{name}.key"), key.ExportPkcs8PrivateKeyPem());
        if (pfx)
        {
            using var withKey = certificate.CopyWithPrivateKey(key);
            File.WriteAllBytes(Path.Combine(_folder, $"{name}.pfx"), withKey.Export(X509ContentType.Pkcs12));
        }
    }
}
