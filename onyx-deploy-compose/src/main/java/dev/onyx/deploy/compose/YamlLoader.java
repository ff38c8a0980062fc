package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YNode.Source;
import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses YAML text into {@link YNode}s with SnakeYAML's node API, keeping line and column, resolving
 * aliases and {@code <<} merge keys, and typing scalars by YAML 1.2 rules as compose does ({@code yes}
 * and {@code on} stay strings).
 */
final class YamlLoader {
  static final Pattern INT = Pattern.compile("[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)");
  static final Pattern FLOAT = Pattern.compile(
      "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final int MAX_DEPTH = 200;

  private YamlLoader() {}

  /**
   * A resolver without SnakeYAML's YAML 1.1 implicit typing (a regex per plain scalar): {@link #type}
   * types scalars itself by YAML 1.2 rules, and only needs to tell standard tags from custom ones,
   * so every untagged scalar can simply be {@code !!str}. Merge keys are recognised by their text.
   */
  private static final class PlainResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      // none: see the class comment
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      return switch (kind) {
        case scalar -> Tag.STR;
        case sequence -> Tag.SEQ;
        default -> Tag.MAP;
      };
    }
  }

  /**
   * @param text the YAML text
   * @param source where it came from
   * @return the root node; an empty document gives an empty mapping
   */
  static YNode parse(String text, Source source) {
    YNode fast = FastYaml.parse(text, source);
    return fast != null ? fast : parseFully(text, source);
  }

  /** Reads the text with SnakeYAML: every YAML construct, and the located error for bad YAML. */
  static YNode parseFully(String text, Source source) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // checked below, with a located message
    options.setMaxAliasesForCollections(1000);
    Node root;
    try {
      // What Yaml.composeAll does, without building a constructor and representer we do not use.
      Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
          new PlainResolver(), options);
      List<Node> docs = new ArrayList<>();
      while (composer.checkNode()) {
        docs.add(composer.getNode());
      }
      if (docs.size() > 1) {
        Mark m = docs.get(1).getStartMark();
        throw new ComposeFormatException(source.name(), m.getLine() + 1, m.getColumn() + 1, "",
            "more than one YAML document (---) in a compose file");
      }
      root = docs.isEmpty() ? null : docs.get(0);
    } catch (MarkedYAMLException e) {
      throw YamlErrors.syntax(e, text, source);
    } catch (YAMLException e) {
      throw new ComposeFormatException(source.name(), 0, 0, "", "invalid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      return new YMap(source, 1, 1, NodeMap.EMPTY);
    }
    return new YamlLoader.Converter(source).convert(root, 0);
  }

  private static final class Converter {
    private final Source source;
    private final Map<Node, YNode> done = new IdentityHashMap<>();
    private final Map<Node, Boolean> active = new IdentityHashMap<>();

    Converter(Source source) {
      this.source = source;
    }

    YNode convert(Node node, int depth) {
      // Only an anchored node can be reached twice (through aliases) or recursively.
      boolean anchored = node.getAnchor() != null;
      if (anchored) {
        YNode cached = done.get(node);
        if (cached != null) {
          return cached;
        }
      }
      Mark m = node.getStartMark();
      int line = m.getLine() + 1;
      int col = m.getColumn() + 1;
      if (depth > MAX_DEPTH || (anchored && active.containsKey(node))) {
        throw new ComposeFormatException(source.name(), line, col, "", "recursive or too deeply nested YAML");
      }
      if (anchored) {
        active.put(node, Boolean.TRUE);
      }
      YNode result;
      if (node instanceof ScalarNode s) {
        result = new YScalar(source, line, col, s.getValue(), type(s));
      } else if (node instanceof SequenceNode s) {
        ArrayList<YNode> items = new ArrayList<>(s.getValue().size());
        for (Node n : s.getValue()) {
          items.add(convert(n, depth + 1));
        }
        result = YSeq.owning(source, line, col, items);
      } else if (node instanceof MappingNode mn) {
        result = mapping(mn, line, col, depth);
      } else {
        throw new ComposeFormatException(source.name(), line, col, "", "unsupported YAML node");
      }
      if (anchored) {
        active.remove(node);
        done.put(node, result);
      }
      return result;
    }

    private YNode mapping(MappingNode mn, int line, int col, int depth) {
      LinkedHashMap<String, YNode> own = new LinkedHashMap<>();
      LinkedHashMap<String, YNode> keys = new LinkedHashMap<>();
      List<YMap> merged = new ArrayList<>();
      for (NodeTuple t : mn.getValue()) {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode ks)) {
          Mark km = k.getStartMark();
          throw new ComposeFormatException(source.name(), km.getLine() + 1, km.getColumn() + 1, "",
              "a mapping key must be a plain value, not a list or mapping");
        }
        if (ks.getTag().equals(Tag.MERGE) || ("<<".equals(ks.getValue()) && ks.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN)) {
          YNode v = convert(t.getValueNode(), depth + 1);
          if (v instanceof YMap vm) {
            merged.add(vm);
          } else if (v instanceof YSeq vs) {
            for (YNode item : vs.items) {
              if (!(item instanceof YMap im)) {
                throw item.error("", "a '<<' merge key needs mappings, not " + item.kindName());
              }
              merged.add(im);
            }
          } else {
            throw v.error("", "a '<<' merge key needs a mapping or a list of mappings, not " + v.kindName());
          }
          continue;
        }
        String key = ks.getValue();
        YNode keyNode = convert(ks, depth + 1);
        if (own.containsKey(key)) {
          YNode first = keys.get(key);
          throw keyNode.error("", "mapping key '" + key + "' already defined at line " + first.line);
        }
        own.put(key, convert(t.getValueNode(), depth + 1));
        keys.put(key, keyNode);
      }
      if (merged.isEmpty()) {
        return new YMap(source, line, col, own, keys);
      }
      // Explicit keys win over merged ones; of several merged mappings, the first wins.
      Map<String, YNode> all = new LinkedHashMap<>();
      Map<String, YNode> allKeys = new LinkedHashMap<>();
      for (YMap m : merged) {
        for (Map.Entry<String, YNode> e : m.entries.entrySet()) {
          if (!all.containsKey(e.getKey())) {
            all.put(e.getKey(), e.getValue());
            allKeys.put(e.getKey(), m.keyNode(e.getKey()));
          }
        }
      }
      for (Map.Entry<String, YNode> e : own.entrySet()) {
        all.remove(e.getKey());
        allKeys.remove(e.getKey());
      }
      Map<String, YNode> ordered = new LinkedHashMap<>(all);
      ordered.putAll(own);
      Map<String, YNode> orderedKeys = new LinkedHashMap<>(allKeys);
      orderedKeys.putAll(keys);
      return new YMap(source, line, col, ordered, orderedKeys);
    }
  }

  private static YScalar.Type type(ScalarNode s) {
    if (s.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
      return YScalar.Type.STRING;
    }
    Tag tag = s.getTag();
    if (tag != null && !tag.equals(Tag.STR) && !tag.equals(Tag.NULL) && !tag.equals(Tag.BOOL)
        && !tag.equals(Tag.INT) && !tag.equals(Tag.FLOAT) && !tag.equals(Tag.TIMESTAMP)
        && !tag.equals(Tag.MERGE) && !tag.equals(Tag.BINARY)) {
      return YScalar.Type.STRING;
    }
    return plainType(s.getValue());
  }

  /** The YAML 1.2 type of an untagged plain scalar. */
  static YScalar.Type plainType(String v) {
    if (v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL")) {
      return YScalar.Type.NULL;
    }
    if (v.equals("true") || v.equals("True") || v.equals("TRUE") || v.equals("false")
        || v.equals("False") || v.equals("FALSE")) {
      return YScalar.Type.BOOL;
    }
    char c = v.charAt(0);
    if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.') {
      return YScalar.Type.STRING; // neither pattern below can match
    }
    if (isInt(v)) {
      return YScalar.Type.INT;
    }
    if (isFloat(v)) {
      return YScalar.Type.FLOAT;
    }
    return YScalar.Type.STRING;
  }

  /** {@link #INT} without a regex (every plain scalar that starts like a number is typed). */
  static boolean isInt(String v) {
    int len = v.length();
    int i = v.startsWith("-") || v.startsWith("+") ? 1 : 0;
    if (i >= len) {
      return false;
    }
    char c = v.charAt(i);
    if (c >= '1' && c <= '9') {
      return all(v, i + 1, "0123456789_");
    }
    if (c != '0') {
      return false;
    }
    if (i + 1 == len) {
      return true;
    }
    char d = v.charAt(i + 1);
    return switch (d) {
      case 'o' -> i + 2 < len && all(v, i + 2, "01234567_");
      case 'x' -> i + 2 < len && all(v, i + 2, "0123456789abcdefABCDEF_");
      case 'b' -> i + 2 < len && all(v, i + 2, "01_");
      default -> all(v, i + 1, "01234567_");
    };
  }

  /** {@link #FLOAT} without a regex. */
  static boolean isFloat(String v) {
    if (v.equals(".nan") || v.equals(".NaN") || v.equals(".NAN")) {
      return true;
    }
    int len = v.length();
    int i = v.startsWith("-") || v.startsWith("+") ? 1 : 0;
    String rest = v.substring(i);
    if (rest.equals(".inf") || rest.equals(".Inf") || rest.equals(".INF")) {
      return true;
    }
    if (i < len && v.charAt(i) == '.') {
      int from = ++i;
      i = skip(v, i, "0123456789");
      if (i == from) {
        return false;
      }
    } else if (i < len && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      i = skip(v, i + 1, "0123456789_");
      if (i < len && v.charAt(i) == '.') {
        i = skip(v, i + 1, "0123456789_");
      }
    } else {
      return false;
    }
    if (i < len && (v.charAt(i) == 'e' || v.charAt(i) == 'E')) {
      i++;
      if (i < len && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
        i++;
      }
      int from = i;
      i = skip(v, i, "0123456789");
      if (i == from) {
        return false;
      }
    }
    return i == len;
  }

  private static boolean all(String v, int from, String allowed) {
    return skip(v, from, allowed) == v.length();
  }

  private static int skip(String v, int from, String allowed) {
    int i = from;
    while (i < v.length() && allowed.indexOf(v.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  /** Parses a YAML 1.2 / Go integer: {@code 0x1F}, {@code 0o17}, {@code 017} (octal), {@code 1_000}. */
  /**
   * Whether an int's text is plain decimal as Go prints it ({@code 0}, {@code 42}, {@code -7}; no
   * sign {@code +}, leading zero, {@code -0}, {@code _} or base prefix) and fits a long: then it is its own value.
   */
  static boolean isPlainDecimal(String text) {
    int len = text.length();
    int i = len > 0 && text.charAt(0) == '-' ? 1 : 0;
    if (len - i < 1 || len - i > 18 || text.charAt(i) == '0' && (len > 1)) {
      return false;
    }
    for (; i < len; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The value of an int's text; throws {@link ArithmeticException} when it does not fit a long. */
  static long longValue(String text) {
    return isPlainDecimal(text) ? Long.parseLong(text) : intValue(text).longValueExact();
  }

  static BigInteger intValue(String text) {
    String t = text.replace("_", "");
    boolean neg = t.startsWith("-");
    if (t.startsWith("-") || t.startsWith("+")) {
      t = t.substring(1);
    }
    BigInteger v;
    if (t.startsWith("0x")) {
      v = new BigInteger(t.substring(2), 16);
    } else if (t.startsWith("0o")) {
      v = new BigInteger(t.substring(2), 8);
    } else if (t.startsWith("0b")) {
      v = new BigInteger(t.substring(2), 2);
    } else if (t.length() > 1 && t.startsWith("0")) {
      v = new BigInteger(t.substring(1), 8);
    } else {
      v = new BigInteger(t);
    }
    return neg ? v.negate() : v;
  }

  /** @return a float as Go prints it ({@code 1.0} is {@code 1}, {@code 0.50} is {@code 0.5}) */
  static String floatString(String text) {
    try {
      BigDecimal d = new BigDecimal(text.replace("_", "")).stripTrailingZeros();
      return d.scale() < 0 ? d.toBigInteger().toString() : d.toPlainString();
    } catch (NumberFormatException e) {
      return text;
    }
  }
}
