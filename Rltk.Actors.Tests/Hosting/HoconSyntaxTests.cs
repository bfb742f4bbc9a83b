using System.Reflection;
using Rltk.Hosts;

namespace Rltk.Actors.Tests.Hosting;

/// <summary>The mistakes Akka's HOCON parser lets through, found before a host starts.</summary>
public sealed class HoconSyntaxTests
{
    [Theory]
    [InlineData("Rltk.Actors.cluster.conf")]
    [InlineData("Rltk.Actors.rltk.conf")]
    public void The_shipped_configuration_has_no_mistake(string resource)
    {
        using var stream = typeof(Remote).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);

        Assert.Null(HoconSyntax.FirstMistake(reader.ReadToEnd()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a = 1")]
    [InlineData("a.b.c = 5s # comment\n// another\nd = \"x # not a comment\"")]
    [InlineData("a { b = 1, c = [1, 2, 3] }\nd = [\n  { e = 1 }\n  { f = \"}\" }\n]")]
    [InlineData("a = ${?HOME}\nb += 2\ninclude \"other.conf\"")]
    [InlineData("a = \"\"\"several\nlines { \"\"\"\nb: 2")]
    [InlineData("{\n  a = 1\n}")]
    [InlineData("akka\n{\n  cluster\n  {\n    a = 1\n  }\n}\nb = 2")]
    [InlineData("akka.cluster.roles =\n  # the roles\n  [\"worker\"]")]
    [InlineData("roles = [\"scheduler\", \"worker\"]\nseed-nodes = [\"akka.tcp://rltk@127.0.0.1:8786\"]")]
    public void Well_formed_HOCON_passes(string hocon) => Assert.Null(HoconSyntax.FirstMistake(hocon));

    [Theory]
    [InlineData("akka.cluster {\n  a = 1\n", "line 1: the '{' of akka.cluster is never closed")]
    [InlineData("a {\n  b {\n    c = 1\n  }\n", "line 1: the '{' of a is never closed")]
    [InlineData("a = 1\n}\n", "line 2: '}' closes nothing")]
    [InlineData("a = [1, 2\nb = 3", "line 1: the '[' of a is never closed")]
    [InlineData("a = [1, 2}", "line 1: '}' where the '[' of a (line 1) should close first")]
    [InlineData("rltk.cluster.delivery-timeout =\nrltk.cluster.connect-timeout = 5s", "line 1: rltk.cluster.delivery-timeout has no value")]
    [InlineData("rltk.cluster {\n  delivery-timeout = \n}", "line 2: rltk.cluster.delivery-timeout has no value")]
    [InlineData("rltk { cluster { delivery-timeout = } }", "line 1: rltk.cluster.delivery-timeout has no value")]
    [InlineData("a = 1, b =", "line 1: b has no value")]
    [InlineData("a {\n  stray-key\n}", "line 2: a.stray-key has no value")]
    [InlineData("a = \"open", "line 1: the string of a is never closed")]
    [InlineData("a = \"\"\"open\n\n", "line 1: the string of a is never closed")]
    [InlineData("= 5", "line 1: a value with no key before its '='")]
    public void A_mistake_is_named_by_its_line_and_key(string hocon, string expected) =>
        Assert.Equal(expected, HoconSyntax.FirstMistake(hocon));
}
