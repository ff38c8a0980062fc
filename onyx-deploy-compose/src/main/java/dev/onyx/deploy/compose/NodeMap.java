package dev.onyx.deploy.compose;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The entries of a {@link YNode.YMap}: an immutable map in document order, with the node of each
 * key (where it was written) beside its value. Kept in three arrays instead of hash tables because a
 * compose document has tens of thousands of small mappings, read once: most have a handful of keys,
 * where a scan is as fast as hashing and allocates nothing; a large one (the services of a big
 * project) gets a hash index on its first look-up.
 */
final class NodeMap extends AbstractMap<String, YNode> {
  /** Up to this many keys, a look-up scans the keys. */
  private static final int SCAN = 8;
  static final NodeMap EMPTY = new NodeMap(new String[0], new YNode[0], new YNode[0], 0);

  private final String[] keys;
  private final YNode[] values;
  private final YNode[] keyNodes;
  private final int size;
  private @Nullable HashMap<String, Integer> index;
  private @Nullable Set<Map.Entry<String, YNode>> entrySet;

  private NodeMap(String[] keys, YNode[] values, YNode[] keyNodes, int size) {
    this.keys = keys;
    this.values = values;
    this.keyNodes = keyNodes;
    this.size = size;
  }

  /** A copy of two maps with the same keys in the same order (values, and the nodes of the keys). */
  static NodeMap copyOf(Map<String, YNode> entries, Map<String, YNode> keyNodes) {
    Builder b = new Builder(entries.size());
    for (Map.Entry<String, YNode> e : entries.entrySet()) {
      YNode k = keyNodes.get(e.getKey());
      b.add(e.getKey(), k, e.getValue());
    }
    return b.build();
  }

  /** @param newValues a value for each key, in this map's order (taken over, not copied) */
  NodeMap withValues(YNode[] newValues) {
    if (newValues.length != size) {
      throw new IllegalArgumentException("expected " + size + " values, got " + newValues.length);
    }
    NodeMap m = new NodeMap(keys, newValues, keyNodes, size);
    m.index = index;
    return m;
  }

  /** @return a copy of the values, in order */
  YNode[] valuesCopy() {
    return Arrays.copyOf(values, size);
  }

  String keyAt(int i) {
    return keys[i];
  }

  YNode valueAt(int i) {
    return values[i];
  }

  /** @return the node of the key itself, or null (a key written nowhere, or not in this map) */
  @Nullable YNode keyNode(String key) {
    int i = indexOf(key);
    return i < 0 ? null : keyNodes[i];
  }

  private int indexOf(Object key) {
    if (size <= SCAN) {
      for (int i = 0; i < size; i++) {
        if (keys[i] == key || keys[i].equals(key)) {
          return i;
        }
      }
      return -1;
    }
    HashMap<String, Integer> idx = index;
    if (idx == null) {
      idx = new HashMap<>(size * 2);
      for (int i = 0; i < size; i++) {
        idx.put(keys[i], i);
      }
      index = idx;
    }
    Integer i = idx.get(key);
    return i == null ? -1 : i;
  }

  @Override
  public @Nullable YNode get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super YNode> action) {
    for (int i = 0; i < size; i++) {
      action.accept(keys[i], values[i]);
    }
  }

  @Override
  public Set<Map.Entry<String, YNode>> entrySet() {
    Set<Map.Entry<String, YNode>> s = entrySet;
    if (s == null) {
      s = new Entries();
      entrySet = s;
    }
    return s;
  }

  /** The entries as an ordered, unmodifiable set. */
  private final class Entries extends AbstractSet<Map.Entry<String, YNode>> {
    @Override
    public Iterator<Map.Entry<String, YNode>> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public Map.Entry<String, YNode> next() {
          if (next >= size) {
            throw new NoSuchElementException();
          }
          int i = next++;
          return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
        }
      };
    }

    @Override
    public int size() {
      return size;
    }
  }

  /** Collects the entries of one mapping in order; refuses nothing (the parsers check duplicates). */
  static final class Builder {
    private String[] keys;
    private YNode[] values;
    private YNode[] keyNodes;
    private int size;
    private @Nullable HashMap<String, Integer> index;

    Builder() {
      this(4);
    }

    Builder(int capacity) {
      int c = Math.max(capacity, 1);
      keys = new String[c];
      values = new YNode[c];
      keyNodes = new YNode[c];
    }

    /** Whether the key was added already. */
    boolean contains(String key) {
      if (index != null) {
        return index.containsKey(key);
      }
      for (int i = 0; i < size; i++) {
        if (keys[i] == key || keys[i].equals(key)) {
          return true;
        }
      }
      return false;
    }

    /** @param keyNode the node of the key (where it was written); null for none */
    Builder add(String key, @Nullable YNode keyNode, YNode value) {
      if (size == keys.length) {
        int c = size * 2;
        keys = Arrays.copyOf(keys, c);
        values = Arrays.copyOf(values, c);
        keyNodes = Arrays.copyOf(keyNodes, c);
      }
      keys[size] = key;
      values[size] = value;
      keyNodes[size] = keyNode;
      size++;
      if (index != null) {
        index.put(key, size - 1);
      } else if (size > 16) {
        index = new HashMap<>(64);
        for (int i = 0; i < size; i++) {
          index.put(keys[i], i);
        }
      }
      return this;
    }

    NodeMap build() {
      if (size == 0) {
        return EMPTY;
      }
      NodeMap m = new NodeMap(keys, values, keyNodes, size);
      m.index = index;
      return m;
    }
  }
}
