package dev.onyx.deploy.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The label form of a deployed object's hashed parts ({@code image=ab12;command=cd34}), which both
 * backends put on what they deploy so that a later apply can say which parts changed.
 */
public final class PartsLabel {
  private PartsLabel() {
  }

  /**
   * @param parts part name to short hash, in the order to write
   * @return the label form: {@code name=hash} pairs joined by {@code ;}
   */
  public static String render(Map<String, String> parts) {
    StringBuilder sb = new StringBuilder();
    parts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(v));
    return sb.toString();
  }

  /**
   * @param label a label in the form {@link #render} writes, or null
   * @return its parts in their order (empty for null, blank or unreadable text)
   */
  public static Map<String, String> parse(@Nullable String label) {
    Map<String, String> m = new LinkedHashMap<>();
    if (label == null || label.isBlank()) {
      return m;
    }
    for (String kv : label.split(";")) {
      int i = kv.indexOf('=');
      if (i > 0) {
        m.put(kv.substring(0, i), kv.substring(i + 1));
      }
    }
    return m;
  }

  /**
   * @param parts the parts wanted now
   * @param oldLabel the label of what is deployed (null when it has none)
   * @return the names of the parts whose hash differs from the label's (all when it has none)
   */
  public static List<String> changed(Map<String, String> parts, @Nullable String oldLabel) {
    Map<String, String> old = parse(oldLabel);
    List<String> changed = new ArrayList<>();
    parts.forEach((k, v) -> {
      if (!v.equals(old.get(k))) {
        changed.add(k);
      }
    });
    return changed;
  }
}
