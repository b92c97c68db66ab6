namespace Capture.Pipeline.Configuration;

/// <summary>Checks that braces and brackets in HOCON text pair up, before the parser sees it.</summary>
/// <remarks>
/// Akka's HOCON parser accepts an unterminated block silently and loops forever on some mismatches
/// (<c>cameras = [ }</c>), so an operator's typo would hang start-up. This scan finds such typos and names the line.
/// </remarks>
internal static class HoconBrackets
{
    /// <summary>A description of the first mismatch, or null when every bracket pairs up.</summary>
    public static string? FindMismatch(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    break;
                case '#':
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '"':
                    bool triple = string.CompareOrdinal(text, i, "\"\"\"", 0, 3) == 0;
                    string end = triple ? "\"\"\"" : "\"";
                    int close = text.IndexOf(end, i + end.Length, StringComparison.Ordinal);
                    while (!triple && close > 0 && text[close - 1] == '\\')
                    {
                        close = text.IndexOf('"', close + 1);
                    }

                    if (close < 0)
                    {
                        return $"line {line}: a string is not closed";
                    }

                    line += text.AsSpan(i, close - i).Count('\n');
                    i = close + end.Length - 1;
                    break;
                case '{' or '[':
                    open.Push((c, line));
                    break;
                case '}' or ']':
                    char expected = c == '}' ? '{' : '[';
                    if (!open.TryPop(out var top))
                    {
                        return $"line {line}: '{c}' closes nothing";
                    }

                    if (top.Bracket != expected)
                    {
                        return $"line {line}: '{c}' closes the '{top.Bracket}' opened on line {top.Line}";
                    }

                    break;
            }
        }

        return open.TryPop(out var unclosed) ? $"line {unclosed.Line}: '{unclosed.Bracket}' is never closed" : null;
    }
}
