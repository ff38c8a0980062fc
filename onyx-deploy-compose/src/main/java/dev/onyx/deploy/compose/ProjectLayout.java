package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Stack;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the project writer puts secret and config files, relative to the project folder. */
final class ProjectLayout {
  static final String COMPOSE_FILE = "compose.yaml";
  static final String ENV_FILE = ".env";
  static final String ENV_EXAMPLE_FILE = ".env.example";
  static final String README_FILE = "README.txt";
  static final String SECRETS_DIR = "secrets";
  static final String CONFIG_DIR = "config";

  private ProjectLayout() {}

  /** @return whether the project writer keeps this secret's value in a file under {@code secrets/} */
  static boolean hasSecretFile(Secret s) {
    return s.source() == Secret.Source.GENERATED || s.source() == Secret.Source.VALUE;
  }

  /** @return {@code secrets/NAME} */
  static String secretFile(Secret s) {
    return SECRETS_DIR + "/" + s.name();
  }

  /**
   * @return config name to its file under {@code config/} for every inline config, in declaration
   *     order
   * @throws ComposeFormatException if a file name is not a safe relative path or two configs share one
   */
  static Map<String, String> configFiles(Stack stack) {
    Map<String, String> result = new LinkedHashMap<>();
    Map<String, String> owners = new HashMap<>();
    for (ConfigFile c : stack.configs()) {
      if (c.content().isEmpty()) {
        continue;
      }
      String fileName = c.fileName().orElse(c.name());
      if (!safeRelative(fileName)) {
        throw new ComposeFormatException(null, 0, 0, "configs." + c.name() + ".file_name",
            "invalid file name '" + fileName + "' (use a relative path of names separated by '/', "
                + "without '..', '\\' or ':')");
      }
      String path = CONFIG_DIR + "/" + fileName;
      String other = owners.putIfAbsent(path, c.name());
      if (other != null) {
        throw new ComposeFormatException(null, 0, 0, "configs." + c.name() + ".file_name",
            "file '" + path + "' is also used by config '" + other + "' (give each a distinct file name)");
      }
      result.put(c.name(), path);
    }
    return result;
  }

  private static boolean safeRelative(String p) {
    if (p.isEmpty() || p.startsWith("/") || p.endsWith("/") || p.contains("\\") || p.contains(":")
        || p.contains("\0")) {
      return false;
    }
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
