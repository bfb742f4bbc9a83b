namespace Rltk.Actors.Wire;

/// <summary>What a file shipped to the workers is for.</summary>
internal enum SessionFileKind
{
    /// <summary>An assembly the handlers need; loaded into the session's own load context.</summary>
    Assembly,

    /// <summary>A file given to <c>Remote.AddDependencies</c>, placed in the session's folder.</summary>
    Dependency,

    /// <summary>A value given to <c>Remote.Scatter</c>, serialized; read through its handle.</summary>
    Scattered,
}

/// <summary>
/// A file of a client session, named by the SHA-256 of its content (lower-case hex). For an assembly,
/// <paramref name="ModuleVersionId"/> lets a worker that already runs that very build use its own copy.
/// </summary>
internal sealed record SessionFile(string Name, SessionFileKind Kind, string Hash, Guid ModuleVersionId)
{
    /// <summary>The name a file's <paramref name="content"/> goes by: its SHA-256, lower-case hex.</summary>
    public static string HashOf(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
}
