package dev.onyx.deploy.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The oldest Docker Compose that runs a written compose file with {@code docker compose up -d --wait},
 * computed from the features the file uses ({@link ComposeWriter#requirement}), and why.
 *
 * @param version the minimum Compose version, e.g. {@code 2.24.0}
 * @param reasons each feature that needs a newer Compose than {@code up --wait} alone, with its
 *     version, e.g. {@code env_file with required: false (2.24.0)}; empty when only {@code --wait}
 *     counts
 */
public record ComposeRequirement(String version, List<String> reasons) {
  /** The Compose that has {@code up --wait}, which every deploy script uses. */
  public static final String WAIT = "2.1.1";

  /** Checks for nulls and copies the list. */
  public ComposeRequirement {
    Objects.requireNonNull(version, "version == null");
    reasons = List.copyOf(reasons);
  }

  /** The features, with the Compose release that first read them. */
  private enum Feature {
    ENV_FILE_OPTIONAL("env_file with required: false", "2.24.0"),
    HEALTHCHECK_START_INTERVAL("healthcheck start_interval", "2.20.2"),
    DEPENDS_ON_OPTIONAL("depends_on with required: false", "2.20.0"),
    DEPENDS_ON_RESTART("depends_on with restart: true", "2.17.0");

    final String what;
    final String version;

    Feature(String what, String version) {
      this.what = what;
      this.version = version;
    }
  }

  /** Walks a written document (as {@link ComposeWriter} builds it) for the features it uses. */
  static ComposeRequirement of(Map<String, Object> document) {
    List<Feature> used = new ArrayList<>();
    for (Object svc : map(document.get("services")).values()) {
      Map<String, Object> s = map(svc);
      if (s.get("env_file") instanceof List<?> files
          && files.stream().anyMatch(f -> Boolean.FALSE.equals(map(f).get("required")))) {
        used.add(Feature.ENV_FILE_OPTIONAL);
      }
      if (map(s.get("healthcheck")).containsKey("start_interval")) {
        used.add(Feature.HEALTHCHECK_START_INTERVAL);
      }
      for (Object d : map(s.get("depends_on")).values()) {
        if (Boolean.FALSE.equals(map(d).get("required"))) {
          used.add(Feature.DEPENDS_ON_OPTIONAL);
        }
        if (Boolean.TRUE.equals(map(d).get("restart"))) {
          used.add(Feature.DEPENDS_ON_RESTART);
        }
      }
    }
    String version = WAIT;
    List<String> reasons = new ArrayList<>();
    for (Feature f : Feature.values()) {
      if (used.contains(f)) {
        reasons.add(f.what + " (" + f.version + ")");
        if (compare(f.version, version) > 0) {
          version = f.version;
        }
      }
    }
    return new ComposeRequirement(version, reasons);
  }

  /**
   * @param a a dotted version ({@code 2.24.0}, {@code v2.26.1-desktop.1})
   * @param b another
   * @return negative, zero or positive as {@code a} is older, the same or newer
   */
  public static int compare(String a, String b) {
    String[] x = a.replaceFirst("^v", "").split("[.+-]");
    String[] y = b.replaceFirst("^v", "").split("[.+-]");
    for (int i = 0; i < 3; i++) {
      int p = i < x.length ? leadingNumber(x[i]) : 0;
      int q = i < y.length ? leadingNumber(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static int leadingNumber(String s) {
    int n = 0;
    for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)) && i < 9; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
