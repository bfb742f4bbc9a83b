using System.Text;

namespace Rltk.Hosts;

/// <summary>
/// The mistakes Akka's HOCON parser lets through without a word: it accepts a <c>{</c> or <c>[</c> never
/// closed and a <c>}</c> that closes nothing, ends an unclosed string at the end of the file, and gives a
/// key written without a value the next line's key as its value. A host checks a config file for them
/// first, so that a typo is an error naming its line and key rather than a node started with settings
/// nobody wrote. Comments (<c>#</c>, <c>//</c>), quoted and triple-quoted strings and substitutions
/// (<c>${…}</c>) are understood; everything else is left to the parser.
/// </summary>
internal static class HoconSyntax
{
    /// <summary>The first such mistake in <paramref name="text"/>, as "line N: …", or null.</summary>
    public static string? FirstMistake(string text) => new Scanner(text).Run();

    /// <summary>An open brace or bracket, where it was opened, and the path of the key it belongs to.</summary>
    private sealed record Open(char Bracket, int Line, string Path);

    private sealed class Scanner(string text)
    {
        private readonly Stack<Open> _open = new();
        private readonly StringBuilder _key = new();
        private int _at;
        private int _line = 1;

        // Inside an object: collecting a key, or past its separator (a value seen or not yet).
        private bool _inValue;
        private bool _valueSeen;
        private int _separatorLine;
        private string _valueKey = "";

        private bool InArray => _open.TryPeek(out var open) && open.Bracket == '[';

        private string Enclosing => _open.TryPeek(out var open) ? open.Path : "";

        public string? Run()
        {
            while (_at < text.Length)
            {
                var mistake = Step(text[_at]);
                if (mistake is not null)
                {
                    return mistake;
                }
            }

            if (EndStatement() is { } unfinished)
            {
                return unfinished;
            }

            return _open.TryPeek(out var never)
                ? $"line {never.Line}: the '{never.Bracket}' of {Named(never.Path)} is never closed"
                : null;
        }

        private string? Step(char c)
        {
            switch (c)
            {
                case '\n':
                    _at++;
                    // "key" or "key =" with its object or array on the next line (Allman style) is one statement.
                    var ended = InArray || OpensNext() ? null : EndStatement();
                    _line++;
                    return ended;
                case '#':
                case '/' when Peek(1) == '/':
                    while (_at < text.Length && text[_at] != '\n')
                    {
                        _at++;
                    }

                    return null;
                case '"':
                    return QuotedString();
                case '$' when Peek(1) == '{':
                    while (_at < text.Length && text[_at] != '}' && text[_at] != '\n')
                    {
                        _at++;
                    }

                    _at++;
                    _valueSeen = true;
                    return null;
                case '{':
                case '[':
                    _at++;
                    return Opening(c);
                case '}':
                case ']':
                    _at++;
                    return Closing(c);
                case ',':
                    _at++;
                    return InArray ? null : EndStatement();
                case '=' or ':' when !_inValue && !InArray:
                    _at++;
                    var key = _key.ToString().Trim().TrimEnd('+').Trim(); // a += b appends
                    if (key.Length == 0)
                    {
                        return $"line {_line}: a value with no key before its '{c}'";
                    }

                    (_inValue, _valueSeen, _separatorLine, _valueKey) = (true, false, _line, Join(Enclosing, key));
                    _key.Clear();
                    return null;
                default:
                    _at++;
                    if (!char.IsWhiteSpace(c))
                    {
                        if (_inValue)
                        {
                            _valueSeen = true;
                        }
                        else if (!InArray)
                        {
                            _key.Append(c);
                        }
                    }
                    else if (!_inValue && _key.Length > 0)
                    {
                        _key.Append(' ');
                    }

                    return null;
            }
        }

        private string? Opening(char bracket)
        {
            string path;
            if (InArray)
            {
                path = Enclosing;
            }
            else if (_inValue)
            {
                path = _valueKey;
            }
            else
            {
                // "key { … }": an object with no separator.
                path = Join(Enclosing, _key.ToString().Trim());
                _key.Clear();
            }

            _open.Push(new Open(bracket, _line, path));
            (_inValue, _valueSeen) = (false, false);
            return null;
        }

        private string? Closing(char bracket)
        {
            if (!InArray && EndStatement() is { } unfinished)
            {
                return unfinished;
            }

            var expected = bracket == '}' ? '{' : '[';
            if (!_open.TryPop(out var open))
            {
                return $"line {_line}: '{bracket}' closes nothing";
            }

            if (open.Bracket != expected)
            {
                return $"line {_line}: '{bracket}' where the '{open.Bracket}' of {Named(open.Path)} (line {open.Line}) should close first";
            }

            // What the bracket opened is the value of its key: the statement it belongs to is complete.
            (_inValue, _valueSeen, _valueKey) = (true, true, open.Path);
            _key.Clear();
            return null;
        }

        /// <summary>The end of a line or of an entry: a key must have had a value by now.</summary>
        private string? EndStatement()
        {
            if (_inValue && !_valueSeen)
            {
                return $"line {_separatorLine}: {_valueKey} has no value";
            }

            var dangling = _key.ToString().Trim();
            _key.Clear();
            _inValue = false;
            return dangling.Length > 0 && !dangling.StartsWith("include", StringComparison.Ordinal)
                ? $"line {_line}: {Join(Enclosing, dangling)} has no value"
                : null;
        }

        private string? QuotedString()
        {
            var start = _line;
            var triple = Peek(1) == '"' && Peek(2) == '"';
            var content = new StringBuilder();
            _at += triple ? 3 : 1;
            while (_at < text.Length)
            {
                var c = text[_at];
                if (triple && c == '"' && Peek(1) == '"' && Peek(2) == '"')
                {
                    _at += 3;
                    return Quoted(content.ToString());
                }

                if (!triple && c == '"')
                {
                    _at++;
                    return Quoted(content.ToString());
                }

                if (!triple && c == '\n')
                {
                    break;
                }

                if (!triple && c == '\\' && _at + 1 < text.Length)
                {
                    _at++;
                    c = text[_at];
                }

                if (c == '\n')
                {
                    _line++;
                }

                content.Append(c);
                _at++;
            }

            return _inValue
                ? $"line {start}: the string of {_valueKey} is never closed"
                : $"line {start}: a string opened here is never closed";
        }

        private string? Quoted(string content)
        {
            if (_inValue)
            {
                _valueSeen = true;
            }
            else if (!InArray)
            {
                _key.Append(content);
            }

            return null;
        }

        /// <summary>Whether the next thing after blank lines and comments opens an object or an array.</summary>
        private bool OpensNext()
        {
            for (var at = _at; at < text.Length; at++)
            {
                var c = text[at];
                if (c == '#' || c == '/' && at + 1 < text.Length && text[at + 1] == '/')
                {
                    while (at < text.Length && text[at] != '\n')
                    {
                        at++;
                    }
                }
                else if (!char.IsWhiteSpace(c))
                {
                    return c is '{' or '[';
                }
            }

            return false;
        }

        private char Peek(int ahead) => _at + ahead < text.Length ? text[_at + ahead] : '\0';

        private static string Join(string path, string key) => path.Length == 0 ? key : key.Length == 0 ? path : $"{path}.{key}";

        private static string Named(string path) => path.Length == 0 ? "the file" : path;
    }
}
