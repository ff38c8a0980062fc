package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules a stack must follow; collects every problem with its compose-style path. The rules of
 * one service's own values are in {@link ServiceRules}; here are the names and the references
 * between services and resources. Clashes between services that run together (host ports,
 * container names) are {@link Conflicts}, checked before a deploy.
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

  private void run() {
    if (!PROJECT_NAME.matcher(stack.name()).matches()) {
      problem("name", "invalid stack name '" + stack.name() + "' (use lowercase letters, digits, '-' "
          + "and '_', starting with a letter or digit)");
    }
    Set<String> services = names("services", "service", stack.services(), Service::name);
    Set<String> volumes = names("volumes", "volume", stack.volumes(), Volume::name);
    Set<String> networks = names("networks", "network", stack.networks(), Network::name);
    Set<String> secrets = names("secrets", "secret", stack.secrets(), Secret::name);
    Set<String> configs = names("configs", "config", stack.configs(), ConfigFile::name);
    Set<String> models = names("models", "model", stack.models(), AiModel::name);
    networks.add(Network.DEFAULT);

    for (Service s : stack.services()) {
      String p = "services." + s.name();
      if (s.image().isEmpty() && s.build().isEmpty() && s.provider().isEmpty()) {
        problem(p, "needs an image or a build");
      }
      s.containerName().filter(c -> !isResourceName(c)).ifPresent(c -> problem(p + ".container_name",
          "invalid container name '" + c + "' (use letters, digits, '.', '-' and '_', starting with a letter or digit)"));
      environment(p, s, secrets);
      dependencies(p, s, services);
      for (int i = 0; i < s.ports().size(); i++) {
        Conflicts.checkRanges(p + ".ports[" + i + "]", s.ports().get(i), rules::problem);
      }
      rules.mounts(p, s.mounts(), volumes);
      for (NetworkAttachment n : s.networks()) {
        if (!networks.contains(n.network())) {
          problem(p + ".networks." + n.network(), "no such network '" + n.network() + "'");
        }
      }
      serviceReference(p + ".network_mode", s.networkMode().orElse(""), services);
      serviceReference(p + ".pid", s.pid().orElse(""), services);
      serviceReference(p + ".ipc", s.ipc().orElse(""), services);
      if (s.networkMode().isPresent() && !s.networks().isEmpty()) {
        problem(p + ".network_mode", "cannot be used together with networks");
      }
      for (int i = 0; i < s.links().size(); i++) {
        String target = s.links().get(i).split(":", 2)[0];
        if (!services.contains(target)) {
          problem(p + ".links[" + i + "]", "no such service '" + target + "'");
        }
      }
      for (int i = 0; i < s.volumesFrom().size(); i++) {
        String from = s.volumesFrom().get(i);
        if (!from.startsWith("container:") && !services.contains(from.split(":", 2)[0])) {
          problem(p + ".volumes_from[" + i + "]", "no such service '" + from.split(":", 2)[0] + "'");
        }
      }
      references(p + ".secrets", "secret", s.secrets(), secrets);
      references(p + ".configs", "config", s.configs(), configs);
      s.build().ifPresent(b -> references(p + ".build.secrets", "secret", b.secrets(), secrets));
      for (ServiceModel m : s.models()) {
        if (!models.contains(m.model())) {
          problem(p + ".models." + m.model(), "no such model '" + m.model() + "'");
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
      c.environment().filter(e -> !isEnvName(e))
          .ifPresent(e -> problem("configs." + c.name() + ".environment", "invalid variable name '" + e + "'"));
    }
    for (Network n : stack.networks()) {
      rules.network("networks." + n.name(), n);
    }
  }

  private void serviceReference(String path, String mode, Set<String> services) {
    if (mode.startsWith("service:") && !services.contains(mode.substring("service:".length()))) {
      problem(path, "no such service '" + mode.substring("service:".length()) + "'");
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

  private <T> Set<String> names(String section, String kind, List<T> items, Function<T, String> name) {
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      String n = name.apply(item);
      if (!seen.add(n)) {
        problem(section + "." + n, "duplicate " + kind + " name '" + n + "'");
      } else if (!isResourceName(n)) {
        problem(section + "." + n, "invalid " + kind + " name '" + n + "' (use letters, digits, '.', "
            + "'-' and '_', starting with a letter or digit)");
      }
    }
    return seen;
  }

  private void environment(String p, Service s, Set<String> secrets) {
    for (String key : s.environment().keySet()) {
      if (!isEnvName(key)) {
        problem(p + ".environment." + key, "invalid variable name '" + key + "'");
      }
    }
    s.secretEnvironment().forEach((key, secret) -> {
      if (!isEnvName(key)) {
        problem(p + ".environment." + key, "invalid variable name '" + key + "'");
      } else if (s.environment().containsKey(key)) {
        problem(p + ".environment." + key, "is set both as a value and from secret '" + secret + "'");
      }
      if (!secrets.contains(secret)) {
        problem(p + ".environment." + key, "no such secret '" + secret + "'");
      } else if (stack.secret(secret).filter(x -> x.source() == Secret.Source.EXTERNAL).isPresent()) {
        problem(p + ".environment." + key, "secret '" + secret + "' is external, so its value cannot be put in a "
            + "variable; mount it as a file (secrets:) instead");
      }
    });
  }

  private void dependencies(String p, Service s, Set<String> services) {
    Set<String> seen = new HashSet<>();
    for (DependsOn d : s.dependsOn()) {
      String dp = p + ".depends_on." + d.service();
      if (!seen.add(d.service())) {
        problem(dp, "listed more than once");
      } else if (d.service().equals(s.name())) {
        problem(dp, "a service cannot depend on itself");
      } else if (!services.contains(d.service())) {
        problem(dp, "no such service '" + d.service() + "'");
      }
    }
  }

  private void references(String path, String kind, List<FileReference> refs, Set<String> declared) {
    for (int i = 0; i < refs.size(); i++) {
      FileReference r = refs.get(i);
      if (!declared.contains(r.source())) {
        problem(path + "[" + i + "]", "no such " + kind + " '" + r.source() + "'");
      }
      if (r.mode().filter(m -> m < 0 || m > 07777).isPresent()) {
        problem(path + "[" + i + "].mode", "invalid file mode " + Integer.toOctalString(r.mode().get()));
      }
    }
  }
}
