package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Stack;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code .env} variable that carries each secret used through a service's
 * {@code secretEnvironment}: the secret's name upper-cased with every other character than a letter
 * or digit turned into {@code _} ({@code db-password} gives {@code DB_PASSWORD}). Deterministic for a
 * stack: a name that would clash with another secret's (or start with a digit, or shadow a common
 * shell variable such as {@code HOME}, which compose would take from the shell first) gets a suffix.
 * An {@link Secret.Source#ENVIRONMENT} secret uses its own variable.
 */
final class SecretVariables {
  private static final Set<String> SHELL = Set.of("PATH", "HOME", "USER", "SHELL", "PWD", "OLDPWD",
      "LANG", "TERM", "HOSTNAME", "LOGNAME", "TMPDIR", "SHLVL", "UID", "GID", "EUID", "MAIL", "EDITOR",
      "DISPLAY", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT", "COMPOSE_FILE",
      "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "COMPOSE_ENV_FILES", "JAVA_HOME");

  private SecretVariables() {}

  /** @return secret name to variable name, for every secret of the stack, in declaration order */
  static Map<String, String> of(Stack stack) {
    Map<String, String> result = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (Secret s : stack.secrets()) {
      if (s.source() == Secret.Source.ENVIRONMENT) {
        taken.add(s.location().orElseThrow());
      }
    }
    for (Secret s : stack.secrets()) {
      if (s.source() == Secret.Source.ENVIRONMENT) {
        result.put(s.name(), s.location().orElseThrow());
        continue;
      }
      String base = base(s.name());
      String name = base;
      for (int i = 2; !taken.add(name); i++) {
        name = base + "_" + i;
      }
      result.put(s.name(), name);
    }
    return result;
  }

  static String base(String secretName) {
    StringBuilder sb = new StringBuilder(secretName.length());
    for (int i = 0; i < secretName.length(); i++) {
      char c = secretName.charAt(i);
      sb.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
    }
    String n = sb.toString().toUpperCase(Locale.ROOT);
    if (n.isEmpty() || Character.isDigit(n.charAt(0))) {
      n = "_" + n;
    }
    if (SHELL.contains(n) || n.startsWith("COMPOSE_") || n.startsWith("DOCKER_")) {
      n = n + "_SECRET";
    }
    return n;
  }
}
