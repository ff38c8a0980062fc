package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YNode.Source;
import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A fast path for the plain YAML most compose files are written in: block mappings and sequences,
 * single-line plain and quoted scalars, comments and one-line flow collections of scalars. It builds
 * the {@link YNode} tree straight from the text, without SnakeYAML's tokens, events, nodes and marks
 * (four times less work on a large file, and far less on a cold JVM).
 *
 * <p>It never decides what is an error: anything outside that subset (anchors, aliases, tags, block
 * scalars, multi-line scalars, nested flow collections, duplicate keys, tabs, several documents,
 * unusual characters...) and anything malformed makes {@link #parse} return {@code null}, and the
 * caller reads the text with SnakeYAML, which gives the same tree or the located error. The tree it
 * returns is the one {@link YamlLoader}'s SnakeYAML path gives (values, types, lines and columns);
 * {@code FastYamlTest} compares both on real files, generated files and random mutations of them.
 */
final class FastYaml {
  /** SnakeYAML's default nesting limit is 50; deeper documents go to SnakeYAML for its error. */
  private static final int MAX_DEPTH = 40;
  /** SnakeYAML refuses documents over 3 MiB code points by default; leave those to it. */
  private static final int MAX_CHARS = 3 * 1024 * 1024;
  /** SnakeYAML's limit on the length of a simple key. */
  private static final int MAX_KEY = 1024;

  /** Thrown (without a stack trace) to leave the text to SnakeYAML. */
  private static final class Unsupported extends RuntimeException {
    private static final Unsupported INSTANCE = new Unsupported();

    private Unsupported() {
      super(null, null, false, false);
    }
  }

  private final String s;
  /** The characters of {@link #s}: the scanning reads them from an array, cheaper than charAt. */
  private final char[] buf;
  /** The keys seen so far (open addressing, a power of two long; see {@link #intern}). */
  private String[] keyTable = new String[256];
  private int keyCount;
  private final int n;
  private final Source source;
  /** Current position, its 0-based line and the position where that line starts. */
  private int pos;
  private int line;
  private int lineStart;

  private FastYaml(String text, Source source) {
    this.s = text;
    this.buf = text.toCharArray();
    this.n = text.length();
    this.source = source;
  }

  /**
   * @param text YAML text
   * @param source where it came from
   * @return the root node, or {@code null} if the text needs the full YAML parser
   */
  static @Nullable YNode parse(String text, Source source) {
    if (text.length() > MAX_CHARS) {
      return null;
    }
    String t = text.indexOf('\r') >= 0 ? windowsLineBreaks(text) : text;
    if (t == null) {
      return null;
    }
    FastYaml parser = new FastYaml(t, source);
    if (!plainCharacters(parser.buf)) {
      return null;
    }
    try {
      return parser.document();
    } catch (Unsupported e) {
      return null;
    } catch (RuntimeException e) {
      return null; // e.g. a number too large for the typing code: let SnakeYAML's path decide
    }
  }

  /**
   * A text with Windows line breaks, with LF breaks: SnakeYAML reads CR LF as one break, so lines and
   * columns stay the same. Null when a CR stands alone (an old Mac break: left to SnakeYAML).
   */
  private static @Nullable String windowsLineBreaks(String text) {
    for (int i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
      if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
        return null;
      }
    }
    return text.replace("\r\n", "\n");
  }

  /** Only printable characters SnakeYAML reads the same way; no tabs, lone CR or other line breaks. */
  private static boolean plainCharacters(char[] text) {
    for (char c : text) {
      if (c >= 0x20 && c < 0x7f || c == '\n') {
        continue;
      }
      if (c >= 0xa0 && c <= 0xd7ff && c != 0x2028 && c != 0x2029 || c >= 0xe000 && c <= 0xfffd && c != 0xfeff) {
        continue;
      }
      return false;
    }
    return true;
  }

  private static Unsupported unsupported() {
    return Unsupported.INSTANCE;
  }

  // ---------------------------------------------------------------- structure

  private YNode document() {
    if (!nextContentLine()) {
      return new YMap(source, 1, 1, NodeMap.EMPTY);
    }
    int col = pos - lineStart;
    YNode root = blockNode(col, -1, 0);
    if (nextContentLine()) {
      throw unsupported(); // content after the root: an error or a construct we leave to SnakeYAML
    }
    return root;
  }

  /**
   * A node that starts at {@code pos} (column {@code col}) on its own line or after {@code - }: a
   * block sequence, a block mapping or a single value.
   *
   * @param parentIndent the indentation of the enclosing collection (-1 at the root)
   */
  private YNode blockNode(int col, int parentIndent, int depth) {
    if (depth > MAX_DEPTH) {
      throw unsupported();
    }
    char c = buf[pos];
    if (c == '-' && blankAt(pos + 1)) {
      return sequence(col, depth);
    }
    if (isKeyLine()) {
      return mapping(col, depth);
    }
    YNode value = inlineValue();
    endOfValueLine();
    requireNoDeeperLine(parentIndent);
    return value;
  }

  private YMap mapping(int indent, int depth) {
    int startLine = line + 1;
    int startCol = indent + 1;
    NodeMap.Builder entries = new NodeMap.Builder();
    while (true) {
      YScalar keyNode = key();
      String key = keyNode.text;
      if ("<<".equals(key) || entries.contains(key)) {
        throw unsupported(); // merge keys and duplicates: SnakeYAML's path handles and reports them
      }
      // pos is just after the ':'
      int colonEndLine = line;
      int colonEndCol = pos - lineStart;
      skipSpaces();
      YNode value;
      if (atLineEnd()) {
        skipComment();
        if (nextContentLine()) {
          int m = pos - lineStart;
          if (m > indent) {
            value = blockNode(m, indent, depth + 1);
          } else if (m == indent && buf[pos] == '-' && blankAt(pos + 1)) {
            value = sequence(indent, depth + 1);
          } else {
            value = nullAt(colonEndLine, colonEndCol);
          }
        } else {
          value = nullAt(colonEndLine, colonEndCol);
        }
      } else {
        value = inlineValue();
        endOfValueLine();
        requireNoDeeperLine(indent);
      }
      entries.add(key, keyNode, value);
      if (!nextContentLine()) {
        break;
      }
      int m = pos - lineStart;
      if (m < indent) {
        break;
      }
      if (m > indent || !isKeyLine()) {
        throw unsupported();
      }
    }
    return new YMap(source, startLine, startCol, entries.build());
  }

  private YSeq sequence(int indent, int depth) {
    int startLine = line + 1;
    int startCol = indent + 1;
    ArrayList<YNode> items = new ArrayList<>();
    while (true) {
      // at '-' in column indent
      pos++;
      int dashEndLine = line;
      int dashEndCol = pos - lineStart;
      skipSpaces();
      YNode item;
      if (atLineEnd()) {
        skipComment();
        if (nextContentLine() && pos - lineStart > indent) {
          item = blockNode(pos - lineStart, indent, depth + 1);
        } else {
          item = nullAt(dashEndLine, dashEndCol);
        }
      } else {
        item = blockNode(pos - lineStart, indent, depth + 1);
      }
      items.add(item);
      if (!nextContentLine()) {
        break;
      }
      int m = pos - lineStart;
      if (m < indent || m == indent && !(buf[pos] == '-' && blankAt(pos + 1))) {
        break; // the end of this sequence (an indentless one ends at its mapping's next key)
      }
      if (m > indent) {
        throw unsupported();
      }
    }
    return YSeq.owning(source, startLine, startCol, items);
  }

  /** After a value on one line, a deeper line would continue it (or be an error): not ours. */
  private void requireNoDeeperLine(int indent) {
    int save = pos;
    int saveLine = line;
    int saveStart = lineStart;
    if (nextContentLine() && pos - lineStart > indent) {
      throw unsupported();
    }
    pos = save;
    line = saveLine;
    lineStart = saveStart;
  }

  private YScalar nullAt(int line0, int col0) {
    return new YScalar(source, line0 + 1, col0 + 1, "", YScalar.Type.NULL);
  }

  // ---------------------------------------------------------------- keys and values

  /** Whether the line from {@code pos} holds {@code key:} (a plain or quoted key, then ': '). */
  private boolean isKeyLine() {
    char c = buf[pos];
    int i;
    if (c == '"' || c == '\'') {
      i = s.indexOf(c, pos + 1);
      while (c == '\'' && i >= 0 && i + 1 < n && buf[i + 1] == '\'') {
        i = s.indexOf(c, i + 2);
      }
      int eol = lineEnd(pos);
      if (i < 0 || i > eol) {
        return false;
      }
      i++;
      while (i < n && buf[i] == ' ') {
        i++;
      }
      return i < n && buf[i] == ':' && blankAt(i + 1);
    }
    if (!plainStart(pos)) {
      return false;
    }
    for (i = pos + 1; i < n; i++) {
      char d = buf[i];
      if (d == '\n' || d == '#' && buf[i - 1] == ' ') {
        return false;
      }
      if (d == ':' && blankAt(i + 1)) {
        return true;
      }
    }
    return false;
  }

  /** A key at {@code pos}; leaves {@code pos} after its ':'. */
  private YScalar key() {
    int keyLine = line + 1;
    int keyCol = pos - lineStart + 1;
    char c = buf[pos];
    YScalar k;
    if (c == '"' || c == '\'') {
      k = quoted();
      skipSpaces();
    } else {
      int start = pos;
      int end = start;
      while (true) {
        char d = buf[pos];
        if (d == ':' && blankAt(pos + 1)) {
          break;
        }
        pos++;
        if (d != ' ') {
          end = pos;
        }
      }
      String text = intern(start, end);
      k = new YScalar(source, keyLine, keyCol, text, YamlLoader.plainType(text));
    }
    if (pos - (keyCol - 1 + lineStart) > MAX_KEY || buf[pos] != ':') {
      throw unsupported();
    }
    pos++;
    return k;
  }

  /**
   * The text from {@code start} to {@code end} as one shared string per distinct key: a compose file
   * repeats the same few keys thousands of times, and a shared string is made once and hashes once.
   */
  private String intern(int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + buf[i];
    }
    String[] table = keyTable;
    int mask = table.length - 1;
    int i = (h ^ (h >>> 16)) & mask;
    while (true) {
      String t = table[i];
      if (t == null) {
        String k = s.substring(start, end);
        table[i] = k;
        if (++keyCount * 2 > table.length) {
          growKeyTable();
        }
        return k;
      }
      if (t.length() == end - start && t.hashCode() == h && s.startsWith(t, start)) {
        return t;
      }
      i = (i + 1) & mask;
    }
  }

  private void growKeyTable() {
    String[] old = keyTable;
    String[] table = new String[old.length * 2];
    int mask = table.length - 1;
    for (String t : old) {
      if (t != null) {
        int h = t.hashCode();
        int i = (h ^ (h >>> 16)) & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = t;
      }
    }
    keyTable = table;
  }

  /** A scalar or a one-line flow collection of scalars at {@code pos}. */
  private YNode inlineValue() {
    char c = buf[pos];
    if (c == '"' || c == '\'') {
      return quoted();
    }
    if (c == '[') {
      return flowSequence();
    }
    if (c == '{') {
      return flowMapping();
    }
    if (!plainStart(pos)) {
      throw unsupported();
    }
    return plain(false);
  }

  /** A plain scalar at {@code pos}, in block or flow context; leaves {@code pos} after its text. */
  private YScalar plain(boolean flow) {
    int col = pos - lineStart + 1;
    int start = pos;
    int end = pos;
    while (pos < n && !endsPlain(buf[pos], flow)) {
      if (buf[pos++] != ' ') {
        end = pos;
      }
    }
    if (flow && pos < n && (buf[pos] == '"' || buf[pos] == '\'' || buf[pos] == '?')) {
      throw unsupported();
    }
    pos = end;
    String text = s.substring(start, end);
    return new YScalar(source, line + 1, col, text, YamlLoader.plainType(text));
  }

  /** Whether {@code d} at {@code pos} ends a plain scalar (flow context: also {@code , [ ] { }}). */
  private boolean endsPlain(char d, boolean flow) {
    if (d == '\n' || d == '#' && buf[pos - 1] == ' ') {
      return true;
    }
    if (!flow) {
      return d == ':' && blankAt(pos + 1);
    }
    if (",[]{}?\"'".indexOf(d) >= 0) {
      return true;
    }
    if (d == ':') {
      // a ':' in a flow plain scalar: only when followed by a character that ends it
      char e = pos + 1 < n ? buf[pos + 1] : '\n';
      if (" \n,[]{}".indexOf(e) >= 0) {
        return true;
      }
      throw unsupported();
    }
    return false;
  }

  /** A plain scalar may start here: not an indicator, or {@code -?:} before a non-blank. */
  private boolean plainStart(int i) {
    char c = buf[i];
    switch (c) {
      case '-', '?', ':' -> {
        return !blankAt(i + 1) && !(c == '-' && isDocumentMarker(i));
      }
      case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\n' -> {
        return false;
      }
      default -> {
        return !(c == '.' && isDocumentMarker(i));
      }
    }
  }

  private boolean isDocumentMarker(int i) {
    return i == lineStart && i + 2 < n && (s.startsWith("---", i) || s.startsWith("...", i));
  }

  /** A single-line quoted scalar at {@code pos}; leaves {@code pos} after the closing quote. */
  private YScalar quoted() {
    int col = pos - lineStart + 1;
    char q = buf[pos];
    StringBuilder b = null;
    int i = pos + 1;
    int runStart = i;
    while (true) {
      if (i >= n) {
        throw unsupported();
      }
      char c = buf[i];
      if (c == '\n') {
        throw unsupported(); // multi-line quoted scalars fold lines: SnakeYAML's job
      }
      if (c == q) {
        if (q == '\'' && i + 1 < n && buf[i + 1] == '\'') {
          b = append(b, runStart, i + 1);
          i += 2;
          runStart = i;
          continue;
        }
        break;
      }
      if (q == '"' && c == '\\') {
        b = append(b, runStart, i);
        i = escape(b, i + 1);
        runStart = i;
        continue;
      }
      i++;
    }
    String text = b == null ? s.substring(runStart, i) : append(b, runStart, i).toString();
    pos = i + 1;
    return new YScalar(source, line + 1, col, text, YScalar.Type.STRING);
  }

  private StringBuilder append(StringBuilder b, int from, int to) {
    if (b == null) {
      b = new StringBuilder(Math.max(16, (to - from) * 2));
    }
    return b.append(s, from, to);
  }

  /** Decodes the escape after a backslash at {@code i - 1}; returns the position after it. */
  private int escape(StringBuilder b, int i) {
    if (i >= n) {
      throw unsupported();
    }
    char c = buf[i];
    switch (c) {
      case '0' -> b.append('\0');
      case 'a' -> b.append('\u0007');
      case 'b' -> b.append('\b');
      case 't' -> b.append('\t');
      case 'n' -> b.append('\n');
      case 'v' -> b.append('\u000b');
      case 'f' -> b.append('\f');
      case 'r' -> b.append('\r');
      case 'e' -> b.append('\u001b');
      case ' ' -> b.append(' ');
      case '"' -> b.append('"');
      case '\\' -> b.append('\\');
      case 'N' -> b.append('\u0085');
      case '_' -> b.append('\u00a0');
      case 'L' -> b.append('\u2028');
      case 'P' -> b.append('\u2029');
      case 'x' -> {
        return hex(b, i + 1, 2);
      }
      case 'u' -> {
        return hex(b, i + 1, 4);
      }
      default -> throw unsupported(); // \U, line continuations and invalid escapes
    }
    return i + 1;
  }

  private int hex(StringBuilder b, int from, int digits) {
    if (from + digits > n) {
      throw unsupported();
    }
    int v = 0;
    for (int i = from; i < from + digits; i++) {
      int d = Character.digit(buf[i], 16);
      if (d < 0) {
        throw unsupported();
      }
      v = v * 16 + d;
    }
    if (v >= 0xd800 && v <= 0xdfff) {
      throw unsupported();
    }
    b.append((char) v);
    return from + digits;
  }

  /** {@code [a, "b", c]} on one line, scalars only. */
  private YSeq flowSequence() {
    int l = line + 1;
    int col = pos - lineStart + 1;
    pos++;
    ArrayList<YNode> items = new ArrayList<>();
    flowSpaces();
    if (buf[pos] == ']') {
      pos++;
      return YSeq.owning(source, l, col, items);
    }
    while (true) {
      items.add(flowScalar());
      flowSpaces();
      char c = buf[pos++];
      if (c == ']') {
        return YSeq.owning(source, l, col, items);
      }
      if (c != ',') {
        throw unsupported();
      }
      flowSpaces();
      if (buf[pos] == ']') {
        pos++;
        return YSeq.owning(source, l, col, items); // a trailing comma is allowed
      }
    }
  }

  /** {@code {a: b, c: "d"}} on one line, scalar keys and values only. */
  private YMap flowMapping() {
    int l = line + 1;
    int col = pos - lineStart + 1;
    pos++;
    NodeMap.Builder entries = new NodeMap.Builder();
    flowSpaces();
    if (buf[pos] == '}') {
      pos++;
      return new YMap(source, l, col, entries.build());
    }
    while (true) {
      YScalar k = flowScalar();
      if (buf[pos] != ':' || !(buf[pos + 1] == ' ') || entries.contains(k.text)
          || "<<".equals(k.text)) {
        throw unsupported();
      }
      pos++;
      flowSpaces();
      YScalar v = flowScalar();
      entries.add(k.text, k, v);
      flowSpaces();
      char c = buf[pos++];
      if (c == '}') {
        return new YMap(source, l, col, entries.build());
      }
      if (c != ',') {
        throw unsupported();
      }
      flowSpaces();
      if (buf[pos] == '}') {
        pos++;
        return new YMap(source, l, col, entries.build());
      }
    }
  }

  private void flowSpaces() {
    while (pos < n && buf[pos] == ' ') {
      pos++;
    }
    if (pos >= n || buf[pos] == '\n' || buf[pos] == '#') {
      throw unsupported(); // multi-line flow collections and comments inside them
    }
  }

  /** A scalar inside a flow collection: quoted, or plain up to {@code , [ ] { } :} or ' #'. */
  private YScalar flowScalar() {
    char c = buf[pos];
    if (c == '"' || c == '\'') {
      return quoted();
    }
    if (!plainStart(pos) || c == '?' || c == ':') {
      throw unsupported();
    }
    return plain(true);
  }

  // ---------------------------------------------------------------- lines

  private boolean blankAt(int i) {
    return i >= n || buf[i] == ' ' || buf[i] == '\n';
  }

  private void skipSpaces() {
    while (pos < n && buf[pos] == ' ') {
      pos++;
    }
  }

  /** At the end of the line, or at a comment (which ends it). */
  private boolean atLineEnd() {
    return pos >= n || buf[pos] == '\n' || buf[pos] == '#';
  }

  private void skipComment() {
    if (pos < n && buf[pos] == '#') {
      pos = lineEnd(pos);
    }
  }

  /** After a value: only spaces and a comment (after a space) may follow on its line. */
  private void endOfValueLine() {
    int before = pos;
    skipSpaces();
    if (pos < n && buf[pos] == '#') {
      if (pos == before) {
        throw unsupported();
      }
      pos = lineEnd(pos);
    }
    if (pos < n && buf[pos] != '\n') {
      throw unsupported();
    }
  }

  /** Whether {@code pos} is at a line's first content (only spaces before it on its line). */
  private boolean onlySpacesBefore() {
    for (int i = lineStart; i < pos; i++) {
      if (buf[i] != ' ') {
        return false;
      }
    }
    return true;
  }

  /** Moves to the start of the line after the one holding {@code i}; false (at the end) if none. */
  private boolean toNextLine(int i) {
    int e = lineEnd(i);
    if (e >= n) {
      pos = n;
      return false;
    }
    pos = e + 1;
    line++;
    lineStart = pos;
    return true;
  }

  private int lineEnd(int i) {
    int e = s.indexOf('\n', i);
    return e < 0 ? n : e;
  }

  /**
   * Moves to the first character of the next line with content (not blank, not only a comment),
   * starting from the current position's line end (or the current line if {@code pos} is at a line
   * start). Document markers and directives are left to SnakeYAML.
   *
   * @return false at the end of the text
   */
  private boolean nextContentLine() {
    if (!onlySpacesBefore() && !toNextLine(pos)) {
      return false;
    }
    while (pos < n) {
      int i = pos;
      while (i < n && buf[i] == ' ') {
        i++;
      }
      if (i >= n) {
        pos = n;
        return false;
      }
      char c = buf[i];
      if (c == '\n' || c == '#') {
        if (!toNextLine(i)) {
          return false;
        }
        continue;
      }
      if (i == lineStart && (c == '%' || isDocumentMarker(i) && blankAt(i + 3))) {
        throw unsupported();
      }
      pos = i;
      return true;
    }
    return false;
  }
}
