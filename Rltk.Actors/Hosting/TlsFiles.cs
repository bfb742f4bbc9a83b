using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;

namespace Rltk.Actors;

/// <summary>
/// TLS for every connection between clients, the scheduler and workers (rltk's <c>--tls-ca-file</c>,
/// <c>--tls-cert</c>, <c>--tls-key</c>): each node presents its certificate and accepts a peer only if the
/// peer's certificate is signed by <see cref="CaFile"/>, both ways — so a peer without such a certificate
/// cannot join the cluster, reach the scheduler or ship it code.
/// </summary>
/// <param name="CaFile">The certificate authority that signed every node's certificate, PEM.</param>
/// <param name="CertificateFile">This node's certificate: PEM (with <paramref name="KeyFile"/>) or PFX / PKCS#12.</param>
/// <param name="KeyFile">This node's private key, PEM; null when <paramref name="CertificateFile"/> is a PFX, which holds it.</param>
public sealed record TlsFiles(string CaFile, string CertificateFile, string? KeyFile = null)
{
    /// <summary>The password of a PFX certificate file, if it has one.</summary>
    public string? PfxPassword { get; init; }

    // ToString (and so RemoteOptions' ToString, and any log of either) never shows the password.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"CaFile = {CaFile}, CertificateFile = {CertificateFile}, KeyFile = {KeyFile}, PfxPassword = {(PfxPassword is null ? "none" : "(set)")}");
        return true;
    }

    /// <summary>
    /// Reads the files into Akka.Remote's TLS options: mutual authentication, the chain checked against the
    /// CA alone (not the machine's trust store), host names not checked (nodes are reached by IP).
    /// </summary>
    /// <exception cref="ArgumentException">A file is missing or is not what it should be.</exception>
    internal SslOptions Load()
    {
        var authority = Read("CA", CaFile, () =>
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(CaFile);
            return certificates.Count > 0 ? certificates : throw new CryptographicException("no certificate in it");
        });
        var certificate = Read("certificate", CertificateFile, LoadCertificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"TLS certificate {CertificateFile}: no private key (give the key file, or a PFX that holds it).");
        }

        return new SslOptions
        {
            X509Certificate = certificate,
            SuppressValidation = false,
            RequireMutualAuthentication = true,
            ValidateCertificateHostname = false,
            CustomValidator = SignedBy(authority),
        };
    }

    private X509Certificate2 LoadCertificate()
    {
        if (KeyFile is null)
        {
            return X509CertificateLoader.LoadPkcs12FromFile(CertificateFile, PfxPassword);
        }

        using var pem = X509Certificate2.CreateFromPemFile(CertificateFile, Read("key", KeyFile, () => KeyFile));
        // A key read from PEM is ephemeral; TLS servers want one that a PKCS#12 round trip makes persistent.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static CertificateValidationCallback SignedBy(X509Certificate2Collection authority) =>
        (certificate, _, peer, _, log) =>
        {
            if (certificate is null)
            {
                log.Warning("TLS: refused {0}, which presented no certificate", peer);
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain.Build(certificate))
            {
                return true;
            }

            log.Warning("TLS: refused {0}: its certificate {1} is not signed by the configured CA ({2})",
                peer, certificate.Subject, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
            return false;
        };

    private static T Read<T>(string what, string path, Func<T> read)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"TLS {what} file {path} does not exist.");
        }

        try
        {
            return read();
        }
        catch (CryptographicException unreadable)
        {
            throw new ArgumentException($"TLS {what} file {path} cannot be read: {unreadable.Message}", unreadable);
        }
    }
}
