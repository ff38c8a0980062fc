package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Argument checks and defensive copies shared by the model's values. Plain loops, no lambdas: these
 * run for every value built, and each lambda is a class to make on a cold start.
 */
final class Checks {
  private Checks() {}

  static <T> T notNull(T value, String name) {
    if (value == null) { // the message is made only when it is needed, without a lambda
      throw new NullPointerException(name + " == null");
    }
    return value;
  }

  /**
   * Like {@link #notNull(Object, String)} for a keyed value ({@code labels.x == null}): the name is
   * {@code prefix + key}, made only when the value is null.
   */
  static <T> T notNull(T value, String prefix, String key) {
    if (value == null) {
      throw new NullPointerException(prefix + key + " == null");
    }
    return value;
  }

  /** An unmodifiable copy; the list and its elements must not be null ({@code ports[1] == null}). */
  static <T> List<T> list(List<T> values, String name) {
    notNull(values, name);
    if (values.isEmpty()) {
      return Collections.emptyList(); // most of a value's lists are empty: no copy each
    }
    List<T> copy = new ArrayList<>(values.size());
    for (T value : values) {
      copy.add(element(value, name, copy.size()));
    }
    return Collections.unmodifiableList(copy);
  }

  /** {@code value}, checked; the message ({@code ports[1] == null}) is only made when it is null. */
  private static <T> T element(T value, String name, int index) {
    if (value == null) {
      throw new NullPointerException(name + "[" + index + "] == null");
    }
    return value;
  }

  /** Like {@link #list} for varargs: an unmodifiable copy of the array, without null elements. */
  @SafeVarargs
  static <T> List<T> array(String name, T... values) {
    if (values == null) {
      throw new NullPointerException(name + " == null");
    }
    List<T> copy = new ArrayList<>(values.length);
    for (T value : values) {
      copy.add(element(value, name, copy.size()));
    }
    return Collections.unmodifiableList(copy);
  }

  /** An unmodifiable copy that keeps insertion order; keys must not be null. */
  static <V> Map<String, V> orderedMap(Map<String, V> values, String name) {
    notNull(values, name);
    if (values.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, V> copy = new LinkedHashMap<>();
    for (Map.Entry<String, V> e : values.entrySet()) {
      if (e.getKey() == null) {
        throw new NullPointerException(name + " key == null");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(copy);
  }

  /** Like {@link #orderedMap} and values must not be null either. */
  static <V> Map<String, V> orderedMapNoNulls(Map<String, V> values, String name) {
    for (Map.Entry<String, V> e : notNull(values, name).entrySet()) {
      if (e.getValue() == null) {
        throw new NullPointerException(name + "." + e.getKey() + " == null");
      }
    }
    return orderedMap(values, name);
  }

  /**
   * An unmodifiable deep copy of extension fields: keys start with {@code x-}; values are null,
   * strings, booleans, numbers, and lists and maps (string keys) of those.
   */
  static Map<String, Object> extensions(Map<String, ?> values, String name) {
    notNull(values, name);
    if (values.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String k = e.getKey();
      if (k == null || !k.startsWith("x-")) {
        throw new IllegalArgumentException(name + ": extension key '" + k + "' does not start with x-");
      }
      copy.put(k, extensionValue(e.getValue(), name + "." + k));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object extensionValue(Object v, String path) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
      return v;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(extensionValue(l.get(i), path + "[" + i + "]"));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String s)) {
          throw new IllegalArgumentException(path + ": a key that is not a string: " + e.getKey());
        }
        out.put(s, extensionValue(e.getValue(), path + "." + s));
      }
      return Collections.unmodifiableMap(out);
    }
    throw new IllegalArgumentException(path + ": not a YAML value: " + v.getClass().getSimpleName());
  }
}
