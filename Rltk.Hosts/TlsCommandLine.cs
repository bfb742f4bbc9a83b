using System.CommandLine;
using Rltk.Actors;

namespace Rltk.Hosts;

/// <summary>The TLS options both hosts take, as RLTK's workers and scheduler do.</summary>
public static class TlsCommandLine
{
    /// <summary>The environment variable that holds the password of a PFX certificate, kept off the command line.</summary>
    public const string PfxPasswordVariable = "RLTK_TLS_PFX_PASSWORD";

    private static readonly Option<string> CaFile = new("--tls-ca-file")
    {
        Description = "TLS: the certificate authority (PEM) that signed every node's certificate; peers not signed by it are refused.",
    };

    private static readonly Option<string> Certificate = new("--tls-cert")
    {
        Description = $"TLS: this node's certificate, PEM (with --tls-key) or PFX (password in ${PfxPasswordVariable}, if any).",
    };

    private static readonly Option<string> Key = new("--tls-key")
    {
        Description = "TLS: this node's private key, PEM (not needed with a PFX certificate).",
    };

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(CaFile);
        command.Options.Add(Certificate);
        command.Options.Add(Key);
    }

    /// <summary>
    /// Reads the TLS files given (<paramref name="tls"/> null for none); false, with the reason in
    /// <paramref name="error"/>, when they are given by halves, missing or unreadable.
    /// </summary>
    public static bool TryRead(ParseResult parsed, out TlsFiles? tls, out string error)
    {
        (tls, error) = (null, "");
        var (ca, certificate, key) = (parsed.GetValue(CaFile), parsed.GetValue(Certificate), parsed.GetValue(Key));
        if (ca is null && certificate is null && key is null)
        {
            return true;
        }

        if (ca is null || certificate is null)
        {
            error = "TLS needs both --tls-ca-file and --tls-cert (and --tls-key for a PEM certificate).";
            return false;
        }

        var files = new TlsFiles(ca, certificate, key) { PfxPassword = Environment.GetEnvironmentVariable(PfxPasswordVariable) };
        try
        {
            _ = files.Load(); // read now, so that a missing or unreadable file is a usage error rather than a failed start
        }
        catch (ArgumentException unusable)
        {
            error = unusable.Message;
            return false;
        }

        tls = files;
        return true;
    }
}
