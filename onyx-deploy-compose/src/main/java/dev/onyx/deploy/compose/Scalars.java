package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.Durations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reading single values out of {@link YNode}s as compose types them: strings, booleans, numbers,
 * sizes, durations, lists and {@code KEY=VALUE} maps. A value of the wrong kind is a
 * {@link ComposeFormatException} located at the node.
 */
final class Scalars {

  private Scalars() {}

  static boolean isNull(YNode n) {
    return n instanceof YScalar s && s.isNull();
  }

  /** @return whether the key is present with a value other than null */
  static boolean has(YMap m, String key) {
    YNode n = m.get(key);
    return n != null && !isNull(n);
  }

  static YMap map(YNode n, String p) {
    if (n instanceof YMap m) {
      return m;
    }
    throw n.error(p, "must be a mapping, not " + n.kindName());
  }

  static YSeq seq(YNode n, String p) {
    if (n instanceof YSeq q) {
      return q;
    }
    throw n.error(p, "must be a list, not " + n.kindName());
  }

  static YScalar scalar(YNode n, String p) {
    if (n instanceof YScalar s) {
      return s;
    }
    throw n.error(p, "must be a single value, not " + n.kindName());
  }

  // Paths of values ("services.web.ports[0]") are built for every value read, for the messages of
  // the problems found: built at their exact size here, not by a default-sized StringBuilder that
  // grows (what string concatenation compiles to in this build).

  /** @return {@code p + "." + key} */
  static String child(String p, String key) {
    return new StringBuilder(p.length() + 1 + key.length()).append(p).append('.').append(key).toString();
  }

  /** @return {@code p + "[" + i + "]"} */
  static String index(String p, int i) {
    return new StringBuilder(p.length() + 6).append(p).append('[').append(i).append(']').toString();
  }

  /** A scalar as a string (numbers and booleans as compose prints them); null is an error. */
  static String scalarString(YNode n, String p) {
    YScalar s = scalar(n, p);
    if (s.isNull()) {
      throw n.error(p, "must have a value");
    }
    return s.asString();
  }

  /** A string value; a number or boolean is accepted as its text. */
  static String str(YNode n, String p) {
    if (n == null) {
      throw new IllegalStateException(p);
    }
    return scalarString(n, p);
  }

  // The keyed readers below (optX, xOrNull) read a well-formed value directly and build the value's
  // path (child(p, key)) only to report a problem: they run for most keys of every service. The
  // xOrNull ones serve the per-service paths: an if on null, rather than
  // Optional.ifPresent(builder::setter), spins no lambda class on a cold start.

  static Optional<String> optStr(YMap m, String key, String p) {
    return Optional.ofNullable(strOrNull(m, key, p));
  }

  /** @return the string at {@code key}, or null when it is absent or null */
  static @Nullable String strOrNull(YMap m, String key, String p) {
    YNode n = m.get(key);
    if (n == null || isNull(n)) {
      return null;
    }
    return n instanceof YScalar s ? s.asString() : str(n, child(p, key));
  }

  /** @return the whole number at {@code key} (an int), or null when it is absent or null */
  static @Nullable Integer intOrNull(YMap m, String key, String p) {
    YNode n = m.get(key);
    if (n == null || isNull(n)) {
      return null;
    }
    if (n instanceof YScalar s && s.type == YScalar.Type.INT && s.text.length() <= 9
        && YamlLoader.isPlainDecimal(s.text)) {
      return Integer.parseInt(s.text);
    }
    return integer32(n, child(p, key));
  }

  /** @return the duration at {@code key}, or null when it is absent or null */
  static @Nullable Duration durationOrNull(YMap m, String key, String p) {
    YNode n = m.get(key);
    if (n == null || isNull(n)) {
      return null;
    }
    if (n instanceof YScalar s) {
      Duration d = parseDuration(s.asString());
      if (d != null) {
        return d;
      }
    }
    return duration(n, child(p, key));
  }

  static boolean bool(YNode n, String p) {
    YScalar s = scalar(n, p);
    String t = s.text.trim();
    if (t.equalsIgnoreCase("true")) {
      return true;
    }
    if (t.equalsIgnoreCase("false")) {
      return false;
    }
    throw n.error(p, "must be true or false, not '" + s.text + "'");
  }

  static boolean optBool(YMap m, String key, String p) {
    Boolean b = boolOrNull(m, key, p);
    return b != null && b;
  }

  static Optional<Boolean> optBoolean(YMap m, String key, String p) {
    return Optional.ofNullable(boolOrNull(m, key, p));
  }

  private static @Nullable Boolean boolOrNull(YMap m, String key, String p) {
    YNode n = m.get(key);
    if (n == null || isNull(n)) {
      return null;
    }
    if (n instanceof YScalar s) {
      String t = s.text.trim();
      if (t.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (t.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
    }
    return bool(n, child(p, key));
  }

  static long integer(YNode n, String p) {
    String s = scalarString(n, p);
    try {
      YScalar sc = (YScalar) n;
      return sc.type == YScalar.Type.INT ? YamlLoader.longValue(sc.text) : Long.parseLong(s.trim());
    } catch (RuntimeException e) {
      throw n.error(p, "must be a whole number, not '" + s + "'");
    }
  }

  static Optional<Long> optLong(YMap m, String key, String p) {
    YNode n = m.get(key);
    if (n == null || isNull(n)) {
      return Optional.empty();
    }
    if (n instanceof YScalar s && s.type == YScalar.Type.INT && YamlLoader.isPlainDecimal(s.text)) {
      return Optional.of(Long.parseLong(s.text));
    }
    return Optional.of(integer(n, child(p, key)));
  }

  static Optional<Integer> optInt(YMap m, String key, String p) {
    return Optional.ofNullable(intOrNull(m, key, p));
  }

  /** A whole number that fits an int. */
  static int integer32(YNode n, String p) {
    long v = integer(n, p);
    if (v != (int) v) {
      throw n.error(p, "number " + v + " is too large");
    }
    return (int) v;
  }

  static BigDecimal decimal(YNode n, String p) {
    String s = scalarString(n, p);
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      throw n.error(p, "must be a number, not '" + s + "'");
    }
  }

  static ByteSize size(YNode n, String p) {
    String s = scalarString(n, p);
    try {
      return ByteSize.parse(s);
    } catch (IllegalArgumentException e) {
      throw n.error(p, "invalid size '" + s + "' (expected e.g. 512m, 2g or a number of bytes)");
    }
  }

  static Optional<ByteSize> optSize(YMap m, String key, String p) {
    YNode n = m.get(key);
    if (n == null || isNull(n)) {
      return Optional.empty();
    }
    if (n instanceof YScalar s) {
      try {
        return Optional.of(ByteSize.parse(s.asString()));
      } catch (IllegalArgumentException e) {
        // reported below, with the value's path
      }
    }
    return Optional.of(size(n, child(p, key)));
  }

  /** A size that may be {@code -1} (unlimited), in bytes. */
  static long signedSize(YNode n, String p) {
    String s = scalarString(n, p).trim();
    if (s.equals("-1")) {
      return -1;
    }
    return size(n, p).bytes();
  }

  static Duration duration(YNode n, String p) {
    String s = scalarString(n, p);
    Duration d = parseDuration(s);
    if (d == null) {
      throw n.error(p, "invalid duration '" + s + "' (expected e.g. 30s, 1m30s, 500ms, 1h)");
    }
    return d;
  }

  static Optional<Duration> optDuration(YMap m, String key, String p) {
    return Optional.ofNullable(durationOrNull(m, key, p));
  }

  /** Parses a Go duration ({@code 1m30s}, {@code 1.5h}, {@code 500ms}); null when it is not one. */
  static Duration parseDuration(String text) {
    return Durations.parse(text).orElse(null);
  }

  /** A string or a list of strings, as the list of scalar nodes. */
  static List<YNode> stringList(YNode n, String p) {
    if (n instanceof YScalar s) {
      if (s.isNull()) {
        return List.of();
      }
      return List.of(s.type == YScalar.Type.STRING ? s : s.withText(s.asString()));
    }
    YSeq q = seq(n, p);
    List<YNode> out = new ArrayList<>();
    for (int i = 0; i < q.items.size(); i++) {
      YScalar s = scalar(q.items.get(i), index(p, i));
      if (s.isNull()) {
        throw s.error(index(p, i), "must have a value");
      }
      out.add(s.type == YScalar.Type.STRING ? s : s.withText(s.asString()));
    }
    return out;
  }

  /** A string or a list of strings; none for a missing or null node. */
  static List<String> strings(YNode n, String p) {
    if (n == null || isNull(n)) {
      return List.of();
    }
    List<YNode> nodes = stringList(n, p);
    List<String> out = new ArrayList<>(nodes.size());
    for (YNode x : nodes) {
      out.add(((YScalar) x).text);
    }
    return out;
  }

  /**
   * A mapping or a {@code KEY=VALUE} list as an ordered map; values as strings (null stays null
   * unless {@code noNulls}, where it becomes "").
   */
  static Map<String, String> stringMap(YNode n, String p, boolean noNulls) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || isNull(n)) {
      return out;
    }
    if (n instanceof YSeq q) {
      for (int i = 0; i < q.items.size(); i++) {
        String s = scalarString(q.items.get(i), index(p, i));
        int eq = s.indexOf('=');
        if (eq == 0) {
          throw q.items.get(i).error(index(p, i), "invalid entry '" + s + "' (expected KEY=VALUE)");
        }
        if (eq < 0) {
          out.put(s, noNulls ? "" : null);
        } else {
          out.put(s.substring(0, eq), s.substring(eq + 1));
        }
      }
      return out;
    }
    NodeMap entries = map(n, p).entries;
    for (int i = 0; i < entries.size(); i++) {
      String k = entries.keyAt(i);
      YNode v = entries.valueAt(i);
      YScalar s = v instanceof YScalar vs ? vs : scalar(v, child(p, k));
      out.put(k, s.isNull() ? (noNulls ? "" : null) : s.asString());
    }
    return out;
  }

  /** The {@code x-} entries of a mapping as plain Java values. */
  static Map<String, Object> extensions(YMap m) {
    Map<String, Object> out = null;
    for (int i = 0; i < m.entries.size(); i++) {
      String k = m.entries.keyAt(i);
      if (k.startsWith("x-")) {
        if (out == null) {
          out = new LinkedHashMap<>();
        }
        out.put(k, plain(m.entries.valueAt(i)));
      }
    }
    return out == null ? Map.of() : out;
  }

  /** A node as a plain Java value: null, String, Boolean, Long/BigInteger, BigDecimal, List, Map. */
  static Object plain(YNode n) {
    if (n instanceof YMap m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.entries.forEach((k, v) -> out.put(k, plain(v)));
      return out;
    }
    if (n instanceof YSeq q) {
      List<Object> out = new ArrayList<>();
      q.items.forEach(x -> out.add(plain(x)));
      return out;
    }
    YScalar s = (YScalar) n;
    return switch (s.type) {
      case NULL -> null;
      case BOOL -> Boolean.valueOf(s.text.toLowerCase(Locale.ROOT));
      case INT -> {
        BigInteger v = YamlLoader.intValue(s.text);
        yield v.bitLength() < 64 ? (Object) v.longValue() : (Object) v;
      }
      case FLOAT -> {
        try {
          yield new BigDecimal(s.text.replace("_", ""));
        } catch (NumberFormatException e) {
          yield s.text; // .inf, .nan
        }
      }
      default -> s.text;
    };
  }

  /** A host path as compose normalises it: {@code ~} is the home folder, relative to the base folder. */
  static String hostPath(String path, YNode at) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(path.equals("~") ? "" : path.substring(2))
          .normalize().toString();
    }
    Path p = Path.of(path);
    if (p.isAbsolute()) {
      return path; // compose keeps an absolute path as written (a trailing slash included)
    }
    return at.source.baseDir().resolve(p).toAbsolutePath().normalize().toString();
  }

  static String normalizeProjectName(String dirName) {
    String s = dirName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return s.replaceFirst("^[^a-z0-9]+", "");
  }
}
