package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.internal.Messages;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.EnvFile;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves what a stack's services need from the deploying machine: environment (env files,
 * variables of this process, secret values), secret and config file contents, image ids.
 */
final class Resolver {
  private final Stack stack;
  private final Path workingDir;
  private final SecretStore secrets;
  private final Map<String, byte[]> secretValues = new LinkedHashMap<>();
  private final Map<String, byte[]> configValues = new LinkedHashMap<>();

  Resolver(Stack stack, Path workingDir, SecretStore secrets) {
    this.stack = stack;
    this.workingDir = workingDir;
    this.secrets = secrets;
  }

  static String imageRef(Stack stack, Service s) {
    return s.image().orElse(stack.name() + "-" + s.name());
  }

  /** @param imageIds image ref to id (null when absent) */
  Map<String, ServiceSpec> specs(Function<String, String> imageIds) {
    Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      String ref = imageRef(stack, s);
      specs.put(s.name(), spec(s, ref, imageIds.apply(ref)));
    }
    return specs;
  }

  ServiceSpec spec(Service s, String ref, String imageId) {
    return new ServiceSpec(stack, s, ref, imageId, environment(s), files(s));
  }

  List<String> environment(Service s) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFile f : s.envFiles()) {
      Path p = workingDir.resolve(f.path());
      if (!Files.isRegularFile(p)) {
        if (f.required()) {
          throw new DeployException(s.name(), "service '" + s.name() + "': env file " + p
              + " does not exist (mark it required: false or create it)", null);
        }
        continue;
      }
      try {
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          String l = line.strip();
          if (l.isEmpty() || l.startsWith("#")) {
            continue;
          }
          if (l.startsWith("export ")) {
            l = l.substring(7).strip();
          }
          int i = l.indexOf('=');
          if (i <= 0) {
            String v = System.getenv(l);
            if (v != null) {
              env.put(l, v);
            }
            continue;
          }
          String v = l.substring(i + 1);
          if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
          }
          env.put(l.substring(0, i).strip(), v);
        }
      } catch (IOException e) {
        throw new DeployException(s.name(), "service '" + s.name() + "': cannot read env file " + p + ": " + Messages.describe(e), e);
      }
    }
    s.environment().forEach((k, v) -> {
      String value = v != null ? v : System.getenv(k);
      if (value != null) {
        env.put(k, value);
      } else {
        env.remove(k);
      }
    });
    s.secretEnvironment().forEach((k, secretName) -> {
      String v = new String(secretValue(secretName, s), StandardCharsets.UTF_8);
      if (v.endsWith("\n")) {
        v = v.substring(0, v.length() - 1);
      }
      env.put(k, v);
    });
    List<String> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  List<ServiceSpec.FileEntry> files(Service s) {
    List<ServiceSpec.FileEntry> files = new ArrayList<>();
    int[] owner = ownerOf(s);
    for (FileReference r : s.secrets()) {
      files.add(new ServiceSpec.FileEntry("secret", r.source(), r.secretPath(), secretValue(r.source(), s),
          ServiceSpec.defaultMode("secret", r), parse(r.uid(), owner[0]), parse(r.gid(), owner[1])));
    }
    for (FileReference r : s.configs()) {
      files.add(new ServiceSpec.FileEntry("config", r.source(), r.configPath(), configValue(r.source(), s),
          ServiceSpec.defaultMode("config", r), parse(r.uid(), 0), parse(r.gid(), 0)));
    }
    return files;
  }

  /** A secret's owner defaults to the service's numeric user (so a 0400 file is readable by it), else root. */
  static int[] ownerOf(Service s) {
    if (s.user().isPresent()) {
      String[] ug = s.user().get().split(":");
      try {
        int uid = Integer.parseInt(ug[0]);
        int gid = ug.length > 1 ? Integer.parseInt(ug[1]) : uid;
        return new int[] {uid, gid};
      } catch (NumberFormatException e) {
        return new int[] {0, 0};
      }
    }
    return new int[] {0, 0};
  }

  private static int parse(Optional<String> id, int dflt) {
    try {
      return id.map(Integer::parseInt).orElse(dflt);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  byte[] secretValue(String name, Service user) {
    byte[] v = secretValues.get(name);
    if (v != null) {
      return v;
    }
    Secret secret = stack.secret(name).orElseThrow(() -> new DeployException(user.name(),
        "service '" + user.name() + "' uses secret '" + name + "', which the stack does not declare", null));
    v = switch (secret.source()) {
      case VALUE -> secret.value().orElseThrow();
      case FILE -> {
        Path p = workingDir.resolve(secret.location().orElseThrow());
        try {
          yield Files.readAllBytes(p);
        } catch (IOException e) {
          throw new DeployException(user.name(), "secret '" + name + "': cannot read " + p + " ("
              + e.getClass().getSimpleName() + "); create the file or fix the path", e);
        }
      }
      case ENVIRONMENT -> {
        String var = secret.location().orElseThrow();
        String value = System.getenv(var);
        if (value == null) {
          throw new DeployException(user.name(), "secret '" + name + "': the environment variable " + var
              + " is not set; set it in the deploying process", null);
        }
        yield value.getBytes(StandardCharsets.UTF_8);
      }
      case GENERATED -> secrets.generated(stack, secret).getBytes(StandardCharsets.UTF_8);
      case EXTERNAL -> throw new DeployException(user.name(), "secret '" + name + "' is external (it exists on a "
          + "Swarm, outside the stack), which a single engine cannot read; give it a file or an environment "
          + "variable for this deploy", null);
    };
    secretValues.put(name, v);
    return v;
  }

  byte[] configValue(String name, Service user) {
    byte[] v = configValues.get(name);
    if (v != null) {
      return v;
    }
    ConfigFile c = stack.config(name).orElseThrow(() -> new DeployException(user.name(),
        "service '" + user.name() + "' uses config '" + name + "', which the stack does not declare", null));
    if (c.content().isPresent()) {
      v = c.content().get().getBytes(StandardCharsets.UTF_8);
    } else if (c.environment().isPresent()) {
      String value = System.getenv(c.environment().get());
      if (value == null) {
        throw new DeployException(user.name(), "config '" + name + "': the environment variable "
            + c.environment().get() + " is not set; set it in the deploying process", null);
      }
      v = value.getBytes(StandardCharsets.UTF_8);
    } else if (c.external()) {
      throw new DeployException(user.name(), "config '" + name + "' is external (it exists on a Swarm, outside "
          + "the stack), which a single engine cannot read; give it content or a file for this deploy", null);
    } else {
      Path p = workingDir.resolve(c.file().orElseThrow());
      try {
        v = Files.readAllBytes(p);
      } catch (IOException e) {
        throw new DeployException(user.name(), "config '" + name + "': cannot read " + p + " ("
            + e.getClass().getSimpleName() + "); create the file or fix the path", e);
      }
    }
    configValues.put(name, v);
    return v;
  }
}
