package dev.onyx.deploy.core;

import java.util.List;
import java.util.Map;

/**
 * A service provided by a plug-in instead of a container, like a service's {@code provider}.
 *
 * @param type the provider (a plug-in name) ({@code type})
 * @param options the options passed to it, each with one or more values ({@code options})
 */
public record Provider(String type, Map<String, List<String>> options) {
  /** Checks for nulls and copies the options. */
  public Provider {
    Checks.notNull(type, "type");
    Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
    Checks.orderedMapNoNulls(options, "options").forEach((k, v) -> copy.put(k, Checks.list(v, "options." + k)));
    options = java.util.Collections.unmodifiableMap(copy);
  }
}
