package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import org.jspecify.annotations.Nullable;

/**
 * Finds the node a compose-style path ({@code services.web.ports[1]}, {@code services.web.depends_on.db})
 * names in a document, or the nearest enclosing node it can find.
 */
final class Locator {
  private Locator() {}

  /** @return {@code FILE:LINE:COLUMN} of the node the path names (or of its nearest ancestor) */
  static @Nullable String locate(YMap doc, String path) {
    YNode node = find(doc, path);
    if (node == null || node.source == null) {
      return null;
    }
    return node.source.name() + ":" + node.line + ":" + node.column;
  }

  static YNode find(YMap doc, String path) {
    YNode current = doc;
    YNode found = null;
    String rest = path;
    while (!rest.isEmpty()) {
      if (rest.startsWith("[")) {
        int close = rest.indexOf(']');
        if (close < 0 || !(current instanceof YSeq q)) {
          return found;
        }
        int index;
        try {
          index = Integer.parseInt(rest.substring(1, close));
        } catch (NumberFormatException e) {
          return found;
        }
        if (index < 0 || index >= q.items.size()) {
          return found;
        }
        current = q.items.get(index);
        found = current;
        rest = strip(rest.substring(close + 1));
        continue;
      }
      if (current instanceof YMap m) {
        String key = longestKey(m, rest);
        if (key == null) {
          return found;
        }
        YNode value = m.get(key);
        rest = strip(rest.substring(key.length()));
        // a problem about the entry itself points at its key; deeper ones go on into its value
        found = rest.isEmpty() && !(value instanceof YScalar) ? m.keyNode(key) : value;
        current = value;
        continue;
      }
      if (current instanceof YSeq q) {
        String segment = rest.split("[.\\[]", 2)[0];
        YNode match = null;
        for (YNode item : q.items) {
          if (item instanceof YScalar s && (s.text.equals(segment) || s.text.startsWith(segment + "=")
              || s.text.startsWith(segment + ":"))) {
            match = item;
            break;
          }
        }
        if (match == null) {
          return found;
        }
        found = match;
        current = match;
        rest = strip(rest.substring(segment.length()));
        continue;
      }
      return found;
    }
    return found;
  }

  private static String longestKey(YMap m, String rest) {
    String best = null;
    for (String k : m.entries.keySet()) {
      if (rest.startsWith(k) && (rest.length() == k.length() || rest.charAt(k.length()) == '.'
          || rest.charAt(k.length()) == '[') && (best == null || k.length() > best.length())) {
        best = k;
      }
    }
    return best;
  }

  private static String strip(String s) {
    return s.startsWith(".") ? s.substring(1) : s;
  }
}
