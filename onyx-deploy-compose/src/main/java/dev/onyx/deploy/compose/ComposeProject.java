package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.internal.Messages;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.OnyxDeployException;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link Stack} as a whole compose project in a folder, ready for {@code docker compose up}:
 *
 * <pre>
 * WriteReport report = ComposeProject.writer(Path.of("/opt/shop")).write(stack);
 * System.out.print(report.summary());
 * </pre>
 *
 * <p>The folder then holds:
 * <ul>
 *   <li>{@code compose.yaml}: the stack as {@link ComposeWriter} writes it;</li>
 *   <li>{@code .env} (mode 0600): the value of every secret a service reads from an environment
 *       variable ({@link Service#secretEnvironment()}), under the variable {@code compose.yaml}
 *       references as {@code ${NAME}}, plus the {@linkplain Writer#withVariable variables} given;</li>
 *   <li>{@code secrets/NAME} (mode 0600, folder 0700): one file per {@link Secret.Source#GENERATED
 *       generated} secret (a new strong random value from {@link Secret#generateValue()}) and per
 *       {@link Secret.Source#VALUE given} secret (its bytes). {@link Secret.Source#FILE File} and
 *       {@link Secret.Source#ENVIRONMENT environment} secrets are referenced, not copied (a file
 *       secret read through an environment variable has its content put in {@code .env});</li>
 *   <li>{@code config/FILE_NAME}: the exact content of every inline {@link ConfigFile} (nginx conf,
 *       init scripts);</li>
 *   <li>{@code README.txt}: what the files are and the commands to run the project.</li>
 * </ul>
 *
 * <p><b>Re-writing into an existing folder never changes a secret that is already there</b> (a
 * regenerated database password would lock the service out of its existing volume): an existing
 * {@code secrets/NAME} file or {@code .env} variable wins, and a secret that is in one but not yet
 * in the other is completed with the existing value. New secrets are added; comments and order of an
 * existing {@code .env} are kept. Other files ({@code compose.yaml}, configs, the README) are
 * replaced. The {@link WriteReport} says what was added, kept, changed and is no longer used.
 *
 * <p>Every file is written atomically: to a temporary file in the same folder, whose POSIX mode is
 * set before it is renamed over the target (on file systems without POSIX modes, such as Windows',
 * the folder's own access rules apply). One writer at a time per folder.
 *
 * <p><b>Bundles</b>: {@link Writer#withoutSecretValues()} writes no secret value at all: no
 * {@code .env} and no {@code secrets/} files, but a {@code .env.example} listing every variable with
 * an empty value and, for each secret, a comment saying it is generated (or must be given) on the
 * target. A target-side step then writes the real values, e.g. by running this writer there.
 */
public final class ComposeProject {
  private ComposeProject() {}

  /**
   * The {@code .env} variable that carries each secret of a stack in a written project: the secret's
   * name upper-cased, other characters than letters and digits turned into {@code _}
   * ({@code db-password} gives {@code DB_PASSWORD}), with a suffix on a clash or where compose would
   * take a shell variable first; an {@link dev.onyx.deploy.core.Secret.Source#ENVIRONMENT} secret
   * keeps its own variable. Tools that fill in a project on the target (bundles) use this rule.
   *
   * @param stack the stack
   * @return secret name to variable name, for every secret of the stack, in declaration order
   */
  public static Map<String, String> secretVariables(Stack stack) {
    return SecretVariables.of(Objects.requireNonNull(stack, "stack == null"));
  }

  /**
   * @param directory the project folder; created if missing
   * @return a writer for that folder
   */
  public static Writer writer(Path directory) {
    return new Writer(Objects.requireNonNull(directory, "directory == null"), false,
        new LinkedHashMap<>());
  }

  /**
   * Writes compose projects into one folder. Immutable: the {@code with...} methods return a
   * configured copy. Thread-safe, but two writes into the same folder must not run at once.
   */
  public static final class Writer {
    private static final Logger LOG = LoggerFactory.getLogger(ComposeProject.class);
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final boolean withoutSecretValues;
    private final Map<String, String> variables;

    private Writer(Path dir, boolean withoutSecretValues, Map<String, String> variables) {
      this.dir = dir;
      this.withoutSecretValues = withoutSecretValues;
      this.variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /**
     * For offline bundles: writes {@code compose.yaml}, configs, README and a {@code .env.example}
     * with every variable and <em>empty</em> secret values (each secret commented as generated or
     * given on the target); writes no {@code .env} and no {@code secrets/} files, and does not touch
     * existing ones.
     *
     * @return a copy of this writer that writes no secret value
     */
    public Writer withoutSecretValues() {
      return new Writer(dir, true, variables);
    }

    /**
     * Adds a tunable setting to {@code .env} (e.g. a port or a version that an operator may change
     * later). Like secrets, a variable already in {@code .env} keeps its value.
     *
     * @param name the variable
     * @param defaultValue the value written when {@code .env} does not set it yet
     * @return a copy of this writer with that variable
     */
    public Writer withVariable(String name, String defaultValue) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(defaultValue, "defaultValue == null");
      DotEnvFile.empty().with(name, defaultValue); // checks the name
      Map<String, String> v = new LinkedHashMap<>(variables);
      v.put(name, defaultValue);
      return new Writer(dir, withoutSecretValues, v);
    }

    /** @return the project folder */
    public Path directory() {
      return dir;
    }

    /**
     * Writes (or updates) the project.
     *
     * @param stack the stack
     * @return what was added, kept, changed and is unused
     * @throws ComposeFormatException if the stack holds something compose cannot express
     * @throws OnyxDeployException if a file cannot be written (the message names it)
     */
    public WriteReport write(Stack stack) {
      Objects.requireNonNull(stack, "stack == null");
      warmUpSecureRandom();
      String yaml = ComposeWriter.forProject().toYaml(stack);
      Map<String, String> configFiles = ProjectLayout.configFiles(stack);
      Report r = new Report();
      try {
        Files.createDirectories(dir);
        if (withoutSecretValues) {
          writeEnvExample(stack, r);
        } else {
          writeSecrets(stack, r);
        }
        for (ConfigFile c : stack.configs()) {
          if (c.content().isPresent()) {
            writeFile(configFiles.get(c.name()), c.content().get().getBytes(StandardCharsets.UTF_8), r);
          }
        }
        unused(ProjectLayout.CONFIG_DIR, new LinkedHashSet<>(configFiles.values()), r);
        writeFile(ProjectLayout.COMPOSE_FILE, yaml.getBytes(StandardCharsets.UTF_8), r);
        writeFile(ProjectLayout.README_FILE, readme(stack).getBytes(StandardCharsets.UTF_8), r);
      } catch (IOException e) {
        throw new OnyxDeployException("cannot write compose project '" + stack.name() + "' in " + dir
            + ": " + Messages.describe(e) + " (check that the folder is writable)", e);
      }
      WriteReport report = new WriteReport(dir, r.added, r.kept, r.changed, r.unchanged, r.unused,
          r.warnings);
      LOG.info("wrote compose project '{}' in {}: {} added, {} kept, {} changed", stack.name(), dir,
          r.added.size(), r.kept.size(), r.changed.size());
      for (String w : r.warnings) {
        LOG.warn("{}", w);
      }
      return report;
    }

    /**
     * Loads and seeds the JDK's SecureRandom on another thread while the YAML is written: generated
     * secrets and the temporary files of the atomic writes need it, and its first use loads the
     * security providers, tens of milliseconds on a fresh JVM. Nothing waits for the thread; a first
     * use on this thread meanwhile waits for the same initialisation instead of repeating it.
     */
    private static void warmUpSecureRandom() {
      if (SECURE_RANDOM_WARMED.compareAndSet(false, true)) {
        Thread t = new Thread(WARM_UP, "onyx-deploy-securerandom-warm-up");
        t.setDaemon(true);
        t.start();
      }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean SECURE_RANDOM_WARMED =
        new java.util.concurrent.atomic.AtomicBoolean();

    /** A class rather than a lambda: a lambda would be one more class to make on a cold start. */
    private static final Runnable WARM_UP = new Runnable() {
      @Override
      public void run() {
        new java.security.SecureRandom().nextBytes(new byte[8]);
      }
    };

    private static final class Report {
      final List<String> added = new ArrayList<>();
      final List<String> kept = new ArrayList<>();
      final List<String> changed = new ArrayList<>();
      final List<String> unchanged = new ArrayList<>();
      final List<String> unused = new ArrayList<>();
      final List<String> warnings = new ArrayList<>();
    }

    /** Secrets used through environment variables, in stack order: secret name to variable. */
    private static Map<String, String> envSecrets(Stack stack) {
      Map<String, String> vars = SecretVariables.of(stack);
      Set<String> used = new LinkedHashSet<>();
      for (Service s : stack.services()) {
        used.addAll(s.secretEnvironment().values());
      }
      Map<String, String> result = new LinkedHashMap<>();
      for (Secret sec : stack.secrets()) {
        if (used.contains(sec.name()) && sec.source() != Secret.Source.ENVIRONMENT) {
          result.put(sec.name(), vars.get(sec.name()));
        }
      }
      return result;
    }

    private void writeSecrets(Stack stack, Report r) throws IOException {
      Map<String, String> envSecrets = envSecrets(stack);
      Path envPath = dir.resolve(ProjectLayout.ENV_FILE);
      boolean envExisted = Files.exists(envPath);
      DotEnvFile env = DotEnvFile.read(envPath);
      DotEnvFile original = env;
      if (!envExisted) {
        env = env.withComment("Settings and secrets of compose project '" + stack.name()
            + "', written by onyx-deploy.\nKeep this file private. Existing values are never "
            + "changed when the project is written again.");
      }
      Set<String> secretFiles = new LinkedHashSet<>();
      for (Secret sec : stack.secrets()) {
        String var = envSecrets.get(sec.name());
        String envKey = ProjectLayout.ENV_FILE + ":" + var;
        if (ProjectLayout.hasSecretFile(sec)) {
          String rel = ProjectLayout.secretFile(sec);
          secretFiles.add(rel);
          Path file = dir.resolve(rel);
          Optional<String> fromFile = Files.exists(file)
              ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
          Optional<String> fromEnv = var == null ? Optional.empty() : env.get(var);
          String given = sec.source() == Secret.Source.VALUE
              ? new String(sec.value().orElseThrow(), StandardCharsets.UTF_8) : null;
          String value = fromFile.isPresent() ? fromFile.get() : fromEnv.isPresent() ? fromEnv.get()
              : given != null ? given : sec.generateValue();
          if (fromFile.isPresent()) {
            r.kept.add(rel);
          } else {
            ensurePrivateDir(dir.resolve(ProjectLayout.SECRETS_DIR));
            atomicWrite(file, value.getBytes(StandardCharsets.UTF_8), true);
            r.added.add(rel);
          }
          if (var != null) {
            if (fromEnv.isPresent()) {
              r.kept.add(envKey);
              if (!fromEnv.get().equals(value)) {
                r.warnings.add("secret '" + sec.name() + "': " + envKey + " differs from " + rel
                    + "; both are kept (make them equal, the service reads " + var + ")");
              }
            } else {
              env = env.withComment("secret " + sec.name() + " (" + describe(sec)
                  + "; also in " + rel + ")").with(var, value);
              r.added.add(envKey);
            }
          }
          if (given != null && (fromFile.isPresent() || fromEnv.isPresent()) && !given.equals(value)) {
            r.warnings.add("secret '" + sec.name() + "': the existing value is kept although the "
                + "stack gives another one (delete " + rel + (var != null ? " and " + envKey : "")
                + " to use the new value)");
          }
        } else if (var != null) { // a FILE secret read through an environment variable
          if (env.get(var).isPresent()) {
            r.kept.add(envKey);
          } else {
            String value = readSecretFile(sec);
            env = env.withComment("secret " + sec.name() + " (copied from " + sec.location().orElseThrow()
                + ")").with(var, value);
            r.added.add(envKey);
          }
        }
      }
      for (Map.Entry<String, String> v : variables.entrySet()) {
        String envKey = ProjectLayout.ENV_FILE + ":" + v.getKey();
        if (env.contains(v.getKey())) {
          r.kept.add(envKey);
        } else {
          env = env.with(v.getKey(), v.getValue());
          r.added.add(envKey);
        }
      }
      if (!envExisted || !env.equals(original) || !isPrivate(envPath)) {
        atomicWrite(envPath, env.render().getBytes(StandardCharsets.UTF_8), true);
      }
      if (!envExisted) {
        r.added.add(ProjectLayout.ENV_FILE);
      }
      unused(ProjectLayout.SECRETS_DIR, secretFiles, r);
    }

    private String readSecretFile(Secret sec) throws IOException {
      Path p = dir.resolve(sec.location().orElseThrow());
      if (!Files.isRegularFile(p)) {
        throw new OnyxDeployException("secret '" + sec.name() + "' is read by a service from an "
            + "environment variable, so its file " + p + " must exist when the project is written "
            + "(create it, or give the secret another source)");
      }
      String v = Files.readString(p, StandardCharsets.UTF_8);
      return v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
    }

    private static String describe(Secret sec) {
      return switch (sec.source()) {
        case GENERATED -> "generated, " + sec.rules().describe();
        case VALUE -> "given by the stack";
        case FILE -> "from " + sec.location().orElseThrow();
        case ENVIRONMENT -> "from the environment variable " + sec.location().orElseThrow();
        case EXTERNAL -> "existing outside the stack" + sec.customName().map(n -> " as " + n).orElse("");
      };
    }

    private void writeEnvExample(Stack stack, Report r) throws IOException {
      Map<String, String> envSecrets = envSecrets(stack);
      StringBuilder sb = new StringBuilder();
      sb.append("# Variables of compose project '").append(stack.name()).append("'.\n")
          .append("# Copy this file to .env (mode 0600) on the target and fill in the secrets, or let\n")
          .append("# the installer do it. Secret values are never part of a bundle.\n");
      for (Secret sec : stack.secrets()) {
        String var = envSecrets.get(sec.name());
        String where = ProjectLayout.hasSecretFile(sec) ? ProjectLayout.secretFile(sec) : null;
        String how = switch (sec.source()) {
          case GENERATED -> "generated on the target: " + sec.rules().describe();
          case VALUE -> "set on the target (the value is not part of the bundle)";
          case FILE -> "read from " + sec.location().orElseThrow() + " on the target";
          case ENVIRONMENT -> "taken from the variable " + sec.location().orElseThrow()
              + " of the deploying environment";
          case EXTERNAL -> "exists on the target outside the stack";
        };
        if (var == null && where == null) {
          sb.append("# secret ").append(sec.name()).append(": ").append(how).append('\n');
          continue;
        }
        sb.append("# secret ").append(sec.name()).append(": ").append(how);
        if (where != null) {
          sb.append(var != null ? "; the same value in " : "; written to ").append(where);
        }
        sb.append('\n');
        if (var != null) {
          sb.append(var).append("=\n");
        }
      }
      for (Map.Entry<String, String> v : variables.entrySet()) {
        sb.append(v.getKey()).append('=').append(DotEnvFile.quote(v.getValue())).append('\n');
      }
      writeFile(ProjectLayout.ENV_EXAMPLE_FILE, sb.toString().getBytes(StandardCharsets.UTF_8), r);
    }

    private void writeFile(String rel, byte[] content, Report r) throws IOException {
      Path p = dir.resolve(rel);
      if (Files.isRegularFile(p)) {
        if (Arrays.equals(Files.readAllBytes(p), content)) {
          r.unchanged.add(rel);
          return;
        }
        atomicWrite(p, content, false);
        r.changed.add(rel);
      } else {
        atomicWrite(p, content, false);
        r.added.add(rel);
      }
    }

    private void unused(String folder, Set<String> used, Report r) throws IOException {
      Path root = dir.resolve(folder);
      if (!Files.isDirectory(root)) {
        return;
      }
      TreeSet<String> found = new TreeSet<>();
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          String rel = dir.relativize(f).toString().replace('\\', '/');
          if (Files.isRegularFile(f) && !used.contains(rel) && !f.getFileName().toString().endsWith(".tmp")) {
            found.add(rel);
          }
          return FileVisitResult.CONTINUE;
        }
      });
      r.unused.addAll(found);
    }

    private static boolean posix(Path p) {
      return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          && p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static boolean isPrivate(Path p) throws IOException {
      return !posix(p) || !Files.exists(p) || Files.getPosixFilePermissions(p).equals(PRIVATE);
    }

    private static void ensurePrivateDir(Path d) throws IOException {
      if (!Files.isDirectory(d)) {
        Files.createDirectories(d);
        if (posix(d)) {
          Files.setPosixFilePermissions(d, PRIVATE_DIR);
        }
      }
    }

    /** Writes to a temporary file in the same folder, sets its mode, then renames it over the target. */
    static void atomicWrite(Path target, byte[] content, boolean secret) throws IOException {
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      boolean posix = posix(parent);
      Path tmp = posix
          ? Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp",
              PosixFilePermissions.asFileAttribute(PRIVATE))
          : Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp");
      try {
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE,
            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
          java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true);
        }
        if (posix) {
          Files.setPosixFilePermissions(tmp, secret ? PRIVATE : PUBLIC);
        }
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    private String readme(Stack stack) {
      StringBuilder sb = new StringBuilder();
      sb.append("Compose project '").append(stack.name()).append("', written by onyx-deploy.\n\n")
          .append("Files\n")
          .append("  compose.yaml   the services, networks, volumes, secrets and configs\n");
      if (withoutSecretValues) {
        sb.append("  .env.example   the variables; copy to .env (mode 0600) and fill in the secrets,\n")
            .append("                 and write one file per secret under secrets/ (mode 0600)\n");
      } else {
        sb.append("  .env           secrets read from variables, and settings (private: mode 0600)\n")
            .append("  secrets/       one file per secret (private: mode 0600)\n");
      }
      boolean inlineConfigs = false;
      for (ConfigFile c : stack.configs()) {
        inlineConfigs |= c.content().isPresent();
      }
      if (inlineConfigs) {
        sb.append("  config/        configuration files mounted into the services\n");
      }
      sb.append("\nRun (in this folder, with Docker Compose v2)\n")
          .append("  start and wait until healthy:  docker compose up -d --wait\n")
          .append("  status:                        docker compose ps\n")
          .append("  logs:                          docker compose logs -f\n")
          .append("  stop and remove containers:    docker compose down\n")
          .append("  ... and delete the data too:   docker compose down -v\n");
      if (!stack.profiles().isEmpty()) {
        sb.append("  optional services (profiles):  docker compose --profile NAME up -d --wait\n")
            .append("                                 profiles: ")
            .append(String.join(", ", stack.profiles())).append('\n');
      }
      sb.append("\nWriting this project again keeps every existing secret (in .env and secrets/):\n")
          .append("a new password would lock the services out of their existing data.\n");
      return sb.toString();
    }
  }
}
