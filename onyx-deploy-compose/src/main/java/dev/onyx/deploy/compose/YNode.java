package dev.onyx.deploy.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A node of a parsed compose document: a mapping, a sequence or a scalar, with where it was written
 * (file, line, column). Anchors and merge keys are already resolved; nodes are immutable once built.
 */
abstract class YNode {
  /** Where a document came from: its name for messages and the folder its relative paths use. */
  record Source(String name, Path baseDir, Path fileDir) {}

  final Source source;
  final int line;
  final int column;

  YNode(Source source, int line, int column) {
    this.source = source;
    this.line = line;
    this.column = column;
  }

  abstract String kindName();

  ComposeFormatException error(String path, String problem) {
    return new ComposeFormatException(source == null ? null : source.name(), line, column, path, problem);
  }

  /** A mapping with string keys, in document order, with the node of each key. */
  static final class YMap extends YNode {
    /** The entries, in document order (immutable). */
    final NodeMap entries;

    /**
     * @param entries the entries, in order (copied)
     * @param keyNodes the node of each key of {@code entries} (where it was written)
     */
    YMap(Source source, int line, int column, Map<String, YNode> entries, Map<String, YNode> keyNodes) {
      this(source, line, column, NodeMap.copyOf(entries, keyNodes));
    }

    /** Takes the entries as they are. */
    YMap(Source source, int line, int column, NodeMap entries) {
      super(source, line, column);
      this.entries = entries;
    }

    YNode get(String key) {
      return entries.get(key);
    }

    /** @return the node of the key itself (for locating unknown keys), else this map */
    YNode keyNode(String key) {
      YNode k = entries.keyNode(key);
      return k == null ? this : k;
    }

    /** @param sameKeys new values for exactly this map's keys, in its order (taken over, not copied) */
    YMap withValues(YNode[] sameKeys) {
      return new YMap(source, line, column, entries.withValues(sameKeys));
    }

    /** This map's position with other entries; keys it had keep their nodes, new keys point here. */
    YMap with(Map<String, YNode> newEntries) {
      NodeMap.Builder b = new NodeMap.Builder(newEntries.size());
      for (Map.Entry<String, YNode> e : newEntries.entrySet()) {
        b.add(e.getKey(), keyNode(e.getKey()), e.getValue());
      }
      return new YMap(source, line, column, b.build());
    }

    @Override
    String kindName() {
      return "a mapping";
    }
  }

  /** A sequence. */
  static final class YSeq extends YNode {
    final List<YNode> items;

    YSeq(Source source, int line, int column, List<YNode> items) {
      this(source, line, column, List.copyOf(items), true);
    }

    private YSeq(Source source, int line, int column, List<YNode> items, boolean owned) {
      super(source, line, column);
      this.items = items;
    }

    /** A sequence taking over (not copying) a fresh list that nobody else holds or changes afterwards. */
    static YSeq owning(Source source, int line, int column, ArrayList<YNode> items) {
      return new YSeq(source, line, column, Collections.unmodifiableList(items), true);
    }

    /** @param newItems the new items (taken over, not copied) */
    YSeq withOwned(ArrayList<YNode> newItems) {
      return new YSeq(source, line, column, Collections.unmodifiableList(newItems), true);
    }

    YSeq with(List<YNode> newItems) {
      return new YSeq(source, line, column, newItems);
    }

    @Override
    String kindName() {
      return "a list";
    }
  }

  /** A scalar, with its type resolved as compose's YAML 1.2 parser does. */
  static final class YScalar extends YNode {
    enum Type { STRING, NULL, BOOL, INT, FLOAT }

    final String text;
    final Type type;

    YScalar(Source source, int line, int column, String text, Type type) {
      super(source, line, column);
      this.text = text;
      this.type = type;
    }

    YScalar withText(String newText) {
      return new YScalar(source, line, column, newText, Type.STRING);
    }

    boolean isNull() {
      return type == Type.NULL;
    }

    /** @return the value as compose turns a scalar into a string ({@code 1.0} is {@code 1}) */
    String asString() {
      return switch (type) {
        case NULL -> null;
        case BOOL -> text.toLowerCase(java.util.Locale.ROOT);
        case INT -> YamlLoader.isPlainDecimal(text) ? text : YamlLoader.intValue(text).toString();
        case FLOAT -> YamlLoader.floatString(text);
        default -> text;
      };
    }

    @Override
    String kindName() {
      return switch (type) {
        case NULL -> "null";
        case BOOL -> "a boolean";
        case INT, FLOAT -> "a number";
        default -> "a string";
      };
    }
  }

  static List<YNode> list(YNode... nodes) {
    return new ArrayList<>(List.of(nodes));
  }
}
