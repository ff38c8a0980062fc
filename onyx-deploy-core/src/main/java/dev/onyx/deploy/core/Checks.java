package dev.onyx.deploy.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Argument checks and defensive copies shared by the model's values. */
final class Checks {
  private Checks() {}

  static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, () -> name + " == null");
  }

  static <T> List<T> list(List<T> values, String name) {
    return List.copyOf(notNull(values, name));
  }

  /** An unmodifiable copy that keeps insertion order; keys must not be null. */
  static <V> Map<String, V> orderedMap(Map<String, V> values, String name) {
    notNull(values, name);
    Map<String, V> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(notNull(k, name + " key"), v));
    return Collections.unmodifiableMap(copy);
  }

  /** Like {@link #orderedMap} and values must not be null either. */
  static <V> Map<String, V> orderedMapNoNulls(Map<String, V> values, String name) {
    values.forEach((k, v) -> notNull(v, name + "." + k));
    return orderedMap(values, name);
  }
}
