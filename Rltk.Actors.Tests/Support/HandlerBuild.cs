using System.Reflection;
using System.Runtime.Loader;

namespace Rltk.Actors.Tests.Support;

/// <summary>
/// One build of the user assembly Rltk.TestHandlers (version 1 or 2), loaded into a load context of the
/// client's own — as a user's script would have it — and never into the workers': they get it shipped.
/// </summary>
internal sealed class HandlerBuild : AssemblyLoadContext
{
    private readonly string _folder;

    private HandlerBuild(string folder)
        : base($"handlers-{Path.GetFileName(Path.GetDirectoryName(folder))}", isCollectible: false)
    {
        _folder = folder;
        Assembly = LoadFromAssemblyPath(Path.Combine(folder, "Rltk.TestHandlers.dll"));
    }

    public Assembly Assembly { get; }

    /// <summary>The build in <paramref name="folder"/>.</summary>
    public static HandlerBuild From(string folder) => new(folder);

    /// <summary>Version <paramref name="version"/> as built beside this test assembly.</summary>
    public static HandlerBuild Version(int version) => new(OutputOf($"V{version}", "Rltk.TestHandlers.V" + version));

    /// <summary>Version 1 copied to a folder of its own without the assembly it depends on, Rltk.TestHandlers.Words.</summary>
    public static HandlerBuild WithoutItsDependency()
    {
        var folder = Directory.CreateTempSubdirectory("rltk-handlers-").FullName;
        File.Copy(Path.Combine(OutputOf("V1", "Rltk.TestHandlers.V1"), "Rltk.TestHandlers.dll"), Path.Combine(folder, "Rltk.TestHandlers.dll"));
        return new HandlerBuild(folder);
    }

    public Func<TIn, TOut> Static<TIn, TOut>(string method) =>
        Scoring.GetMethod(method)!.CreateDelegate<Func<TIn, TOut>>();

    public T Call<T>(string method, params object[] arguments) => (T)Scoring.GetMethod(method)!.Invoke(null, arguments)!;

    protected override Assembly? Load(AssemblyName name)
    {
        var beside = Path.Combine(_folder, name.Name + ".dll");
        return name.Name != "Rltk.Actors" && File.Exists(beside) ? LoadFromAssemblyPath(beside) : null;
    }

    private Type Scoring => Assembly.GetType("Rltk.TestHandlers.Scoring", throwOnError: true)!;

    private static string OutputOf(string folder, string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var repository = testOutput.Parent!.Parent!.Parent!.Parent!.FullName;
        var output = Path.Combine(repository, "Rltk.TestHandlers", folder, "bin", testOutput.Parent.Name, testOutput.Name);
        return Directory.Exists(output) ? output : throw new DirectoryNotFoundException($"Build {project} first: {output} is missing.");
    }
}
