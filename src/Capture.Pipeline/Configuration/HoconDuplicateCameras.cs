namespace Capture.Pipeline.Configuration;

/// <summary>Finds a camera block written twice in HOCON text, which the parser would merge without a word.</summary>
/// <remarks>
/// HOCON merges duplicate object keys by design, so two <c>front-door { … }</c> blocks become one camera with the
/// settings of both. A rig's operator means two cameras or made a copy-paste slip; either way start-up should say so.
/// A dotted key that adds to a block (<c>capture.cameras.front-door.width = 640</c>) is not a second block.
/// </remarks>
internal static class HoconDuplicateCameras
{
    /// <summary>A description of the first camera block defined twice, or null.</summary>
    public static string? Find(string text)
    {
        var scanner = new Scanner(text);
        var frames = new Stack<string[]?>(); // an object's path, or null for an array
        frames.Push([]);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (scanner.Next() is { } token)
        {
            switch (token.Kind)
            {
                case '}' or ']':
                    if (frames.Count > 1)
                    {
                        frames.Pop();
                    }

                    break;
                case '{':
                    frames.Push(frames.Peek() is { } parent ? [.. parent, "[]"] : ["[]"]);
                    break;
                case '[':
                    frames.Push(null);
                    break;
                case 'k' when frames.Peek() is { } path:
                    string[] key = [.. path, .. token.Segments!];
                    var value = scanner.Value();
                    if (value == '{' && key is ["capture", "cameras", var id] && !seen.TryAdd(id, token.Line))
                    {
                        return $"line {token.Line}: camera '{id}' is defined twice (first on line {seen[id]}); give each camera its own id";
                    }

                    if (value == '{')
                    {
                        frames.Push(key);
                    }
                    else if (value == '[')
                    {
                        frames.Push(null);
                    }

                    break;
            }
        }

        return null;
    }

    private readonly record struct Token(char Kind, string[]? Segments, int Line);

    /// <summary>Splits HOCON into keys and brackets, skipping comments, strings and scalar values.</summary>
    private sealed class Scanner(string text)
    {
        private int _at;
        private int _line = 1;

        public Token? Next()
        {
            while (Skip() && _at < text.Length)
            {
                char c = text[_at];
                if (c is '{' or '}' or '[' or ']')
                {
                    _at++;
                    return new Token(c, null, _line);
                }

                if (c is ',' or '=' or ':')
                {
                    _at++;
                    continue;
                }

                return new Token('k', Key(), _line);
            }

            return null;
        }

        /// <summary>After a key: '{' or '[' when its value opens one (consumed), otherwise the scalar is skipped and ' ' returned.</summary>
        public char Value()
        {
            Skip();
            if (_at < text.Length && text[_at] is '=' or ':')
            {
                _at++;
                Skip();
            }

            if (_at < text.Length && text[_at] is '{' or '[')
            {
                return text[_at++];
            }

            while (_at < text.Length && text[_at] is not ('\n' or ',' or '}' or ']' or '#'))
            {
                if (text[_at] == '"')
                {
                    String();
                }
                else
                {
                    _at++;
                }
            }

            return ' ';
        }

        private string[] Key()
        {
            var segments = new List<string>();
            var current = new System.Text.StringBuilder();
            while (_at < text.Length && text[_at] is not (' ' or '\t' or '\r' or '\n' or '{' or '}' or '[' or ']' or '=' or ':' or ',' or '#'))
            {
                if (text[_at] == '"')
                {
                    current.Append(String());
                }
                else if (text[_at] == '.')
                {
                    segments.Add(current.ToString());
                    current.Clear();
                    _at++;
                }
                else
                {
                    current.Append(text[_at++]);
                }
            }

            segments.Add(current.ToString());
            return [.. segments];
        }

        private string String()
        {
            int start = ++_at;
            while (_at < text.Length && text[_at] != '"')
            {
                _at += text[_at] == '\\' ? 2 : 1;
            }

            string value = text[start..Math.Min(_at, text.Length)];
            _at++;
            return value;
        }

        /// <summary>Skips white space and comments; false never (kept as a loop condition).</summary>
        private bool Skip()
        {
            while (_at < text.Length)
            {
                char c = text[_at];
                if (c == '\n')
                {
                    _line++;
                    _at++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    _at++;
                }
                else if (c == '#' || (c == '/' && _at + 1 < text.Length && text[_at + 1] == '/'))
                {
                    while (_at < text.Length && text[_at] != '\n')
                    {
                        _at++;
                    }
                }
                else
                {
                    break;
                }
            }

            return true;
        }
    }
}
