package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YNode.YMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The format problems found while mapping a document, so that reading goes on after one and reports
 * every problem at once: a step that meets a bad value is recorded and skipped.
 */
final class Problems {
  private final List<ComposeFormatException> found = new ArrayList<>();

  void add(ComposeFormatException e) {
    found.add(e);
  }

  /** Runs {@code step}; a format problem in it is recorded and the rest of the step skipped. */
  void attempt(Runnable step) {
    try {
      step.run();
    } catch (ComposeFormatException e) {
      found.add(e);
    }
  }

  /** @return the step's value, or empty when it met a format problem (recorded) */
  <T> Optional<T> attempt(Supplier<T> step) {
    try {
      return Optional.ofNullable(step.get());
    } catch (ComposeFormatException e) {
      found.add(e);
      return Optional.empty();
    }
  }

  /**
   * Records every key of {@code m} that is neither in {@code known} nor an {@code x-} extension,
   * naming the keys allowed there (or, where there are many, the closest one).
   */
  void keys(YMap m, String p, Set<String> known) {
    for (String k : m.entries.keySet()) {
      if (!known.contains(k) && !k.startsWith("x-")) {
        unknownKey(m, k, p, known);
      }
    }
  }

  /** Records the key {@code k} of {@code m} as unknown, naming the keys allowed or the closest one. */
  void unknownKey(YMap m, String k, String p, Set<String> known) {
    String hint;
    if (known.size() <= 12) {
      List<String> expected = new ArrayList<>(known);
      Collections.sort(expected);
      hint = "expected one of " + String.join(", ", expected) + ", or an x- extension";
    } else {
      hint = "not in the Compose Specification" + closest(k, known).map(c -> "; did you mean '" + c + "'?")
          .orElse("");
    }
    found.add(m.keyNode(k).error(p.isEmpty() ? k : Scalars.child(p, k), "unknown key '" + k + "' (" + hint + ")"));
  }

  /** The known key at the smallest edit distance, when it is close enough to be a typo. */
  private static Optional<String> closest(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance || d == bestDistance && k.compareTo(best) < 0) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(1, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
  }

  /** The edit distance, a swap of two neighbouring letters counting as one edit (as typos go). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * Reads a list that may be missing or null (none), item by item.
   *
   * @param item reads one item from its node and path ({@code p[i]})
   */
  static <T> List<T> items(YNode node, String p, BiFunction<YNode, String, T> item) {
    List<T> out = new ArrayList<>();
    if (node == null || Scalars.isNull(node)) {
      return out;
    }
    List<YNode> q = Scalars.seq(node, p).items;
    for (int i = 0; i < q.size(); i++) {
      out.add(item.apply(q.get(i), Scalars.index(p, i)));
    }
    return out;
  }

  /** Like {@link #items} for a list of mappings whose keys are checked against {@code keys}. */
  <T> List<T> mappings(YNode node, String p, Set<String> keys, BiFunction<YMap, String, T> item) {
    return items(node, p, (n, ip) -> {
      YMap m = Scalars.map(n, ip);
      keys(m, ip, keys);
      return item.apply(m, ip);
    });
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** @return every problem, in the order of the files (file, line, column) */
  List<ComposeFormatException> all() {
    List<ComposeFormatException> sorted = new ArrayList<>(found);
    sorted.sort(java.util.Comparator.comparing((ComposeFormatException e) -> e.file().orElse(""))
        .thenComparingInt(ComposeFormatException::line).thenComparingInt(ComposeFormatException::column));
    return sorted;
  }

  /**
   * @return whether a problem at {@code path} may be a consequence of a recorded one: it is at, under
   *     or above a recorded problem's path (a value skipped because it was malformed is then missing
   *     where the problem is, or from what holds it)
   */
  boolean covers(String path) {
    for (ComposeFormatException e : found) {
      String at = e.path();
      if (!at.isEmpty() && (within(path, at) || within(at, path))) {
        return true;
      }
    }
    return false;
  }

  private static boolean within(String path, String ancestor) {
    return path.equals(ancestor) || path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
  }
}
