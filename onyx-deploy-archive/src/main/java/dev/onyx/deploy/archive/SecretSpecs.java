package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Stack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the target must supply for each secret of a stack, in the compose project writer's layout:
 * generated and value secrets live in {@code secrets/NAME}; a secret a service reads from its
 * environment lives in a {@code .env} variable named as the compose writer names it (the secret's
 * name upper-cased, other characters than letters and digits turned into {@code _}, a suffix on a
 * clash or on a shell variable compose would take first). Kept in step with the compose module's
 * layout.
 */
final class SecretSpecs {
  private static final Set<String> SHELL = Set.of("PATH", "HOME", "USER", "SHELL", "PWD", "OLDPWD",
      "LANG", "TERM", "HOSTNAME", "LOGNAME", "TMPDIR", "SHLVL", "UID", "GID", "EUID", "MAIL", "EDITOR",
      "DISPLAY", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT", "COMPOSE_FILE",
      "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "COMPOSE_ENV_FILES", "JAVA_HOME");

  private SecretSpecs() {
  }

  /** @return an entry for every secret of the stack, in declaration order */
  static List<BundleManifest.SecretEntry> of(Stack stack) {
    Set<String> viaEnv = new HashSet<>();
    stack.services().forEach(s -> viaEnv.addAll(s.secretEnvironment().values()));
    Map<String, String> vars = variables(stack);
    List<BundleManifest.SecretEntry> out = new ArrayList<>();
    for (Secret s : stack.secrets()) {
      boolean hasFile = s.source() == Secret.Source.GENERATED || s.source() == Secret.Source.VALUE;
      Optional<String> var = s.source() == Secret.Source.ENVIRONMENT || viaEnv.contains(s.name())
          ? Optional.of(vars.get(s.name())) : Optional.empty();
      out.add(new BundleManifest.SecretEntry(s.name(), s.source().name().toLowerCase(Locale.ROOT),
          s.generatedLength() > 0 ? s.generatedLength() : 32,
          hasFile ? Optional.of("secrets/" + s.name()) : Optional.empty(), var));
    }
    return out;
  }

  private static Map<String, String> variables(Stack stack) {
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

  private static String base(String secretName) {
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
