package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a stack must follow; collects every problem with its compose-style path. The rules of
 * one service's own values are in {@link ServiceRules}; here are the names and the references
 * between services and resources. Clashes between services that run together (host ports,
 * container names) are {@link Conflicts}, checked before a deploy.
 *
 * <p>Plain loops and ifs rather than lambdas and streams: each lambda is a class to make on a cold
 * start, and this runs for every service. A problem's path is put together only when there is a
 * problem ({@code problem(p, ".links[", i, "]", ...)}), not for each value checked.
 */
final class Validator {
  static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  static final Pattern RESOURCE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final Stack stack;
  private final ServiceRules rules;

  private Validator(Stack stack, List<ValidationProblem> problems) {
    this.stack = stack;
    this.rules = new ServiceRules(problems);
  }

  /**
   * @param stack the stack
   * @return every problem
   */
  static List<ValidationProblem> validate(Stack stack) {
    List<ValidationProblem> problems = new ArrayList<>();
    new Validator(stack, problems).run();
    return List.copyOf(problems);
  }

  private void problem(String path, String message) {
    rules.problem(path, message);
  }

  private void problem(String p, String field, String message) {
    rules.problem(p, field, message);
  }

  /** A problem at {@code p + field + "[" + index + "]" + after}. */
  private void problem(String p, String field, int index, String after, String message) {
    rules.problem(p + field + "[" + index + "]" + after, message);
  }

  private void run() {
    if (!PROJECT_NAME.matcher(stack.name()).matches()) {
      problem("name", "invalid stack name '" + stack.name() + "' (use lowercase letters, digits, '-' "
          + "and '_', starting with a letter or digit)");
    }
    Set<String> services = new HashSet<>();
    for (Service s : stack.services()) {
      name("services", "service", s.name(), services);
    }
    Set<String> volumes = new HashSet<>();
    for (Volume v : stack.volumes()) {
      name("volumes", "volume", v.name(), volumes);
    }
    Set<String> networks = new HashSet<>();
    for (Network n : stack.networks()) {
      name("networks", "network", n.name(), networks);
    }
    networks.add(Network.DEFAULT);
    Set<String> secrets = new HashSet<>();
    Set<String> externalSecrets = new HashSet<>();
    for (Secret sec : stack.secrets()) {
      name("secrets", "secret", sec.name(), secrets);
      if (sec.source() == Secret.Source.EXTERNAL) {
        externalSecrets.add(sec.name());
      }
    }
    Set<String> configs = new HashSet<>();
    for (ConfigFile c : stack.configs()) {
      name("configs", "config", c.name(), configs);
    }
    Set<String> models = new HashSet<>();
    for (AiModel m : stack.models()) {
      name("models", "model", m.name(), models);
    }

    for (Service s : stack.services()) {
      String p = "services." + s.name();
      if (s.image().isEmpty() && s.build().isEmpty() && s.provider().isEmpty()) {
        problem(p, "needs an image or a build");
      }
      if (s.containerName().isPresent() && !isResourceName(s.containerName().get())) {
        problem(p, ".container_name", "invalid container name '" + s.containerName().get()
            + "' (use letters, digits, '.', '-' and '_', starting with a letter or digit)");
      }
      environment(p, s, secrets, externalSecrets);
      dependencies(p, s, services);
      for (int i = 0; i < s.ports().size(); i++) {
        Conflicts.checkRanges(p, i, s.ports().get(i), rules.problems());
      }
      rules.mounts(p, s.mounts(), volumes);
      for (NetworkAttachment n : s.networks()) {
        if (!networks.contains(n.network())) {
          problem(p, ".networks." + n.network(), "no such network '" + n.network() + "'");
        }
      }
      serviceReference(p, ".network_mode", s.networkMode(), services);
      serviceReference(p, ".pid", s.pid(), services);
      serviceReference(p, ".ipc", s.ipc(), services);
      if (s.networkMode().isPresent() && !s.networks().isEmpty()) {
        problem(p, ".network_mode", "cannot be used together with networks");
      }
      for (int i = 0; i < s.links().size(); i++) {
        String target = s.links().get(i).split(":", 2)[0];
        if (!services.contains(target)) {
          problem(p, ".links", i, "", "no such service '" + target + "'");
        }
      }
      for (int i = 0; i < s.volumesFrom().size(); i++) {
        String from = s.volumesFrom().get(i);
        if (!from.startsWith("container:") && !services.contains(from.split(":", 2)[0])) {
          problem(p, ".volumes_from", i, "", "no such service '" + from.split(":", 2)[0] + "'");
        }
      }
      references(p, ".secrets", "secret", s.secrets(), secrets);
      references(p, ".configs", "config", s.configs(), configs);
      if (s.build().isPresent()) {
        references(p, ".build.secrets", "secret", s.build().get().secrets(), secrets);
      }
      for (ServiceModel m : s.models()) {
        if (!models.contains(m.model())) {
          problem(p, ".models." + m.model(), "no such model '" + m.model() + "'");
        }
      }
      rules.service(p, s);
    }
    // Every independent cycle; a self-dependency is reported on its own above.
    for (List<String> c : stack.graph().cyclesIgnoringSelfDependencies()) {
      problem("services." + c.get(0) + ".depends_on", "dependency cycle: " + String.join(" -> ", c));
    }
    for (Secret sec : stack.secrets()) {
      if (sec.source() == Secret.Source.ENVIRONMENT
          && !ENV_NAME.matcher(sec.location().orElse("")).matches()) {
        problem("secrets." + sec.name() + ".environment",
            "invalid variable name '" + sec.location().orElse("") + "'");
      }
    }
    for (ConfigFile c : stack.configs()) {
      int sources = (c.content().isPresent() ? 1 : 0) + (c.file().isPresent() ? 1 : 0)
          + (c.environment().isPresent() ? 1 : 0) + (c.external() ? 1 : 0);
      if (sources != 1) {
        problem("configs." + c.name(), "needs exactly one of content, file, environment or external");
      }
      if (c.environment().isPresent() && !isEnvName(c.environment().get())) {
        problem("configs." + c.name() + ".environment", "invalid variable name '" + c.environment().get() + "'");
      }
    }
    for (Network n : stack.networks()) {
      rules.network("networks." + n.name(), n);
    }
  }

  /** {@code network_mode}, {@code pid} or {@code ipc} of {@code service:name}: the service must exist. */
  private void serviceReference(String p, String field, Optional<String> mode, Set<String> services) {
    if (mode.isPresent() && mode.get().startsWith("service:")
        && !services.contains(mode.get().substring("service:".length()))) {
      problem(p, field, "no such service '" + mode.get().substring("service:".length()) + "'");
    }
  }

  /** {@link #RESOURCE_NAME} without a regex matcher per name. */
  static boolean isResourceName(String n) {
    return !n.isEmpty() && isAsciiLetterOrDigit(n.charAt(0)) && restAreNameChars(n);
  }

  /** {@link #ENV_NAME} without a regex matcher per name. */
  static boolean isEnvName(String n) {
    if (n.isEmpty()) {
      return false;
    }
    char first = n.charAt(0);
    return (first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first == '_') && restAreNameChars(n);
  }

  /** Whether every character after the first is a letter, digit, {@code _}, {@code .} or {@code -}. */
  private static boolean restAreNameChars(String n) {
    for (int i = 1; i < n.length(); i++) {
      char c = n.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  /** Adds a top-level name to {@code seen}, reporting a duplicate or an invalid name. */
  private void name(String section, String kind, String n, Set<String> seen) {
    if (!seen.add(n)) {
      problem(section + "." + n, "duplicate " + kind + " name '" + n + "'");
    } else if (!isResourceName(n)) {
      problem(section + "." + n, "invalid " + kind + " name '" + n + "' (use letters, digits, '.', "
          + "'-' and '_', starting with a letter or digit)");
    }
  }

  private void environment(String p, Service s, Set<String> secrets, Set<String> externalSecrets) {
    for (String key : s.environment().keySet()) {
      if (!isEnvName(key)) {
        problem(p, ".environment." + key, "invalid variable name '" + key + "'");
      }
    }
    for (Map.Entry<String, String> e : s.secretEnvironment().entrySet()) {
      String key = e.getKey();
      String secret = e.getValue();
      if (!isEnvName(key)) {
        problem(p, ".environment." + key, "invalid variable name '" + key + "'");
      } else if (s.environment().containsKey(key)) {
        problem(p, ".environment." + key, "is set both as a value and from secret '" + secret + "'");
      }
      if (!secrets.contains(secret)) {
        problem(p, ".environment." + key, "no such secret '" + secret + "'");
      } else if (externalSecrets.contains(secret)) {
        problem(p, ".environment." + key, "secret '" + secret + "' is external, so its value cannot be put in a "
            + "variable; mount it as a file (secrets:) instead");
      }
    }
  }

  private void dependencies(String p, Service s, Set<String> services) {
    List<DependsOn> deps = s.dependsOn();
    for (int i = 0; i < deps.size(); i++) {
      String d = deps.get(i).service();
      if (listedBefore(deps, i)) {
        problem(p, ".depends_on." + d, "listed more than once");
      } else if (d.equals(s.name())) {
        problem(p, ".depends_on." + d, "a service cannot depend on itself");
      } else if (!services.contains(d)) {
        problem(p, ".depends_on." + d, "no such service '" + d + "'");
      }
    }
  }

  /** Whether the service of {@code deps[i]} is among the earlier ones (a few: no set needed). */
  private static boolean listedBefore(List<DependsOn> deps, int i) {
    for (int k = 0; k < i; k++) {
      if (deps.get(k).service().equals(deps.get(i).service())) {
        return true;
      }
    }
    return false;
  }

  private void references(String p, String field, String kind, List<FileReference> refs, Set<String> declared) {
    for (int i = 0; i < refs.size(); i++) {
      FileReference r = refs.get(i);
      if (!declared.contains(r.source())) {
        problem(p, field, i, "", "no such " + kind + " '" + r.source() + "'");
      }
      if (r.mode().isPresent() && (r.mode().get() < 0 || r.mode().get() > 07777)) {
        problem(p, field, i, ".mode", "invalid file mode " + Integer.toOctalString(r.mode().get()));
      }
    }
  }
}
