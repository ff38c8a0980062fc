package dev.onyx.deploy.core;

import java.util.Locale;
import java.util.Optional;

/**
 * When the engine restarts a service's container, like a service's {@code restart}.
 *
 * @param mode the policy
 * @param maxRetries for {@code on-failure}: the most restarts; empty for no limit
 */
public record RestartPolicy(Mode mode, Optional<Integer> maxRetries) {
  /** Never restart (the engine's default). */
  public static final RestartPolicy NO = new RestartPolicy(Mode.NO, Optional.empty());
  /** Always restart. */
  public static final RestartPolicy ALWAYS = new RestartPolicy(Mode.ALWAYS, Optional.empty());
  /** Restart unless stopped by the user. */
  public static final RestartPolicy UNLESS_STOPPED = new RestartPolicy(Mode.UNLESS_STOPPED, Optional.empty());
  /** Restart on a non-zero exit, without limit. */
  public static final RestartPolicy ON_FAILURE = new RestartPolicy(Mode.ON_FAILURE, Optional.empty());

  /** The restart modes. */
  public enum Mode {
    /** {@code no}. */
    NO,
    /** {@code always}. */
    ALWAYS,
    /** {@code on-failure}. */
    ON_FAILURE,
    /** {@code unless-stopped}. */
    UNLESS_STOPPED;

    /** @return the compose and engine spelling ({@code unless-stopped}) */
    public String composeName() {
      return composeName;
    }

    private final String composeName = name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Checks for nulls, and that only {@code on-failure} has a retry count, never negative.
   *
   * @throws IllegalArgumentException for a retry count with another mode, or a negative one
   */
  public RestartPolicy {
    Checks.notNull(mode, "mode");
    Checks.notNull(maxRetries, "maxRetries");
    if (maxRetries.isPresent() && mode != Mode.ON_FAILURE) {
      throw new IllegalArgumentException("restart policy " + mode.composeName()
          + " takes no retry count (only on-failure does)");
    }
    if (maxRetries.isPresent() && maxRetries.get() < 0) {
      throw new IllegalArgumentException("restart policy on-failure: retry count " + maxRetries.get()
          + " < 0");
    }
  }

  /**
   * @param retries the most restarts, at least 0
   * @return {@code on-failure:retries}
   * @throws IllegalArgumentException if {@code retries} is negative
   */
  public static RestartPolicy onFailure(int retries) {
    return new RestartPolicy(Mode.ON_FAILURE, Optional.of(retries));
  }

  /**
   * @param text {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure} or
   *     {@code on-failure:N}
   * @return the policy
   * @throws IllegalArgumentException for anything else
   */
  public static RestartPolicy parse(String text) {
    String t = Checks.notNull(text, "text").trim().toLowerCase(Locale.ROOT);
    for (Mode m : Mode.values()) {
      if (t.equals(m.composeName())) {
        return new RestartPolicy(m, Optional.empty());
      }
    }
    if (t.startsWith("on-failure:")) {
      try {
        return onFailure(Integer.parseInt(t.substring("on-failure:".length())));
      } catch (IllegalArgumentException e) { // not a number, or negative
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("invalid restart policy '" + text
        + "' (expected no, always, on-failure[:N] or unless-stopped)");
  }

  /** @return the compose form: {@code unless-stopped}, {@code on-failure:3} */
  @Override
  public String toString() {
    return maxRetries.isPresent() ? mode.composeName() + ":" + maxRetries.get() : mode.composeName();
  }
}
