package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.StackValidationException;
import dev.onyx.deploy.core.ValidationProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads compose files into a {@link Stack}, as {@code docker compose config} reads them. Immutable
 * and thread-safe: each {@code with...} method returns a changed copy.
 *
 * <pre>
 * Stack stack = ComposeReader.create()
 *     .withEnvFiles(List.of(Path.of(".env.prod")))      // like --env-file
 *     .withProfiles("debug")                            // like --profile debug
 *     .read(Path.of("compose.yaml"), Path.of("compose.override.yaml"));   // like -f a -f b
 * </pre>
 *
 * <p>What it reads, as compose does:
 * <ul>
 *   <li>several files with override semantics: mappings merge, {@code command}/{@code entrypoint}
 *       are replaced, {@code ports} merge by mapping, {@code volumes} by target, {@code secrets}/
 *       {@code configs} by target, {@code environment}/{@code labels} by key;</li>
 *   <li>variables from {@code .env} beside the first file (or the env files given instead, like
 *       {@code --env-file}), the process environment winning over both; every interpolation
 *       form ({@code $VAR}, {@code ${VAR:-d}}, {@code ${VAR-d}}, {@code ${VAR:?err}}, {@code ${VAR?err}},
 *       {@code ${VAR:+alt}}, {@code ${VAR+alt}}, nesting, {@code $$});</li>
 *   <li>YAML anchors, aliases and {@code <<} merge keys; {@code x-} extension fields (kept in the model);
 *       {@code extends} (same or another file); {@code include}; {@code profiles};</li>
 *   <li>short and long syntax for ports, volumes, depends_on, healthcheck, build, environment,
 *       secrets, configs, ulimits, extra_hosts and networks.</li>
 * </ul>
 *
 * <p>Normalisation, as {@code docker compose config} does it: relative host paths (bind sources,
 * build contexts, secret and config files) become absolute, resolved against the project folder
 * (the first file's folder; for an extended or included file, that file's folder), {@code ~} is the
 * home folder; a service's {@code env_file} values are read into its environment (entries of
 * {@code environment} win) and the env files themselves are not kept; a variable listed without a
 * value takes its value from the environment, if set there; string commands are split into argv.
 * Without profiles, every service is kept with its profiles (like {@code --profile '*'});
 * {@link #withProfiles(String...)} narrows with {@link Stack#forProfiles(Collection)}.
 *
 * <p>Errors: bad input gives a {@link ComposeFormatException} naming the file, line, column and path
 * ({@code compose.yaml:14:7 services.web.ports[1]: invalid port '80:80:80:80'}); a key the Compose
 * Specification does not have is an error naming it (and the closest key it has). Reading goes on
 * after a bad value, so that every problem is reported at once ({@link ComposeFormatException#problems()}),
 * the stack's own problems included; a YAML syntax error stops reading and names where the unclosed
 * construct started. A stack that only breaks the stack's own rules gives a
 * {@link ComposeValidationException} (a {@link StackValidationException}) listing every problem with
 * where it is in the files.
 */
public final class ComposeReader {
  private final List<Path> envFiles;
  private final Optional<Map<String, String>> environment;
  private final List<String> profiles;
  private final Optional<String> projectName;
  private final Optional<Path> projectDirectory;
  private final boolean refuseConflicts;

  private ComposeReader(List<Path> envFiles, Optional<Map<String, String>> environment, List<String> profiles,
      Optional<String> projectName, Optional<Path> projectDirectory, boolean refuseConflicts) {
    this.envFiles = envFiles;
    this.environment = environment;
    this.profiles = profiles;
    this.projectName = projectName;
    this.projectDirectory = projectDirectory;
    this.refuseConflicts = refuseConflicts;
  }

  /** @return a reader using the process environment, {@code .env} and no profile filter */
  public static ComposeReader create() {
    return new ComposeReader(List.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), false);
  }

  /**
   * @param files env files used instead of {@code .env} (like {@code --env-file}), later ones win;
   *     an empty list goes back to {@code .env}
   * @return a copy reading those env files
   */
  public ComposeReader withEnvFiles(List<Path> files) {
    return new ComposeReader(List.copyOf(Objects.requireNonNull(files, "files == null")), environment, profiles,
        projectName, projectDirectory, refuseConflicts);
  }

  /**
   * @param variables the environment that wins over env files, instead of the process environment
   *     (for tests and embedding)
   * @return a copy using that environment
   */
  public ComposeReader withEnvironment(Map<String, String> variables) {
    Objects.requireNonNull(variables, "variables == null");
    return new ComposeReader(envFiles, Optional.of(Map.copyOf(variables)), profiles, projectName, projectDirectory,
        refuseConflicts);
  }

  /**
   * @param active the active profiles (like {@code --profile}); {@code *} activates all; none keeps
   *     every service
   * @return a copy narrowing the stack to those profiles
   */
  public ComposeReader withProfiles(String... active) {
    return withProfiles(Arrays.asList(active));
  }

  /**
   * @param active the active profiles (see {@link #withProfiles(String...)})
   * @return a copy narrowing the stack to those profiles
   */
  public ComposeReader withProfiles(Collection<String> active) {
    return new ComposeReader(envFiles, environment, List.copyOf(active), projectName, projectDirectory,
        refuseConflicts);
  }

  /**
   * @param name the stack name (like {@code -p}); it wins over the file's {@code name} and
   *     {@code COMPOSE_PROJECT_NAME}
   * @return a copy using that name
   */
  public ComposeReader withProjectName(String name) {
    return new ComposeReader(envFiles, environment, profiles, Optional.of(Objects.requireNonNull(name, "name == null")),
        projectDirectory, refuseConflicts);
  }

  /**
   * @param dir the project folder (like {@code --project-directory}); default: the first file's folder
   * @return a copy using that folder
   */
  public ComposeReader withProjectDirectory(Path dir) {
    return new ComposeReader(envFiles, environment, profiles, projectName,
        Optional.of(Objects.requireNonNull(dir, "dir == null")), refuseConflicts);
  }

  /**
   * Like {@code docker compose config}, a reader accepts services that run together and publish one
   * host port or share a container name (compose fails only when the second container starts). This
   * copy refuses them too ({@link Stack#conflicts()}), with their location, among every other problem:
   * what a check before a deploy needs.
   *
   * @return a copy that reports clashes between services that run together as problems
   */
  public ComposeReader withConflictsRefused() {
    return new ComposeReader(envFiles, environment, profiles, projectName, projectDirectory, true);
  }

  /**
   * @param files the compose files; the first is the base, the others override it (like {@code -f})
   * @return the stack
   * @throws ComposeFormatException if a file cannot be read or is not valid compose
   * @throws ComposeValidationException (a {@link StackValidationException}) if the stack does not
   *     hold together
   */
  public Stack read(Path... files) {
    return read(Arrays.asList(files));
  }

  /**
   * @param files the compose files; the first is the base, the others override it
   * @return the stack
   * @throws ComposeFormatException if a file cannot be read or is not valid compose
   * @throws ComposeValidationException (a {@link StackValidationException}) if the stack does not
   *     hold together
   */
  public Stack read(List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no compose file given");
    }
    Path dir = projectDirectory.isPresent() ? projectDirectory.get() : parentOf(files.get(0));
    ProjectLoader.Loaded loaded = new ProjectLoader(processEnvironment()).load(files, resolved(envFiles), dir,
        projectName);
    return toStack(loaded);
  }

  /**
   * @param yaml compose YAML text
   * @param baseDir the project folder: relative paths and {@code .env} are looked up there
   * @return the stack
   * @throws ComposeFormatException if the text is not valid compose (its file name is {@code compose.yaml})
   * @throws ComposeValidationException (a {@link StackValidationException}) if the stack does not
   *     hold together
   */
  public Stack read(String yaml, Path baseDir) {
    Objects.requireNonNull(yaml, "yaml == null");
    Path dir = projectDirectory.orElse(baseDir).toAbsolutePath().normalize();
    ProjectLoader.Loaded loaded = new ProjectLoader(processEnvironment()).loadText(yaml, resolved(envFiles), dir,
        projectName);
    return toStack(loaded);
  }

  private Stack toStack(ProjectLoader.Loaded loaded) {
    String name = loaded.projectName();
    YNode.YMap doc = loaded.document();
    if (doc.get("name") != null) {
      // the name is already the project's (ProjectLoader found it as compose does)
      Map<String, YNode> entries = new LinkedHashMap<>(doc.entries);
      entries.remove("name");
      doc = doc.with(entries);
    }
    Problems problems = new Problems();
    Stack.Builder builder = new StackMapper(loaded.environment(), problems).read(doc, name);
    List<ValidationProblem> invalid = new ArrayList<>();
    Stack stack = null;
    try {
      stack = builder.build();
      if (problems.isEmpty() && !profiles.isEmpty()) {
        stack = stack.forProfiles(profiles);
      }
    } catch (StackValidationException e) {
      invalid.addAll(e.problems());
      stack = null;
    }
    if (refuseConflicts) {
      invalid.addAll(stack != null ? stack.conflicts() : builder.conflicts());
    }
    if (problems.isEmpty()) {
      if (!invalid.isEmpty()) {
        throw new ComposeValidationException(new StackValidationException(name, invalid), name,
            locations(doc, invalid));
      }
      return stack;
    }
    // Every format problem, and the stack's own problems that are not mere consequences of one
    // (a value skipped because it was malformed is not reported again as missing).
    List<ComposeFormatException> all = new ArrayList<>(problems.all());
    for (ValidationProblem p : invalid) {
      if (!problems.covers(p.path())) {
        YNode at = Locator.find(doc, p.path());
        all.add(at == null ? new ComposeFormatException(null, 0, 0, p.path(), p.message())
            : at.error(p.path(), p.message()));
      }
    }
    throw new ComposeFormatException(all);
  }

  private static Map<ValidationProblem, String> locations(YNode.YMap doc, List<ValidationProblem> problems) {
    Map<ValidationProblem, String> locations = new LinkedHashMap<>();
    for (ValidationProblem p : problems) {
      String at = Locator.locate(doc, p.path());
      if (at != null) {
        locations.put(p, at);
      }
    }
    return locations;
  }

  private Map<String, String> processEnvironment() {
    return environment.isPresent() ? environment.get() : System.getenv();
  }

  private static List<Path> resolved(List<Path> files) {
    List<Path> out = new ArrayList<>();
    for (Path p : files) {
      out.add(p.toAbsolutePath().normalize());
    }
    return out;
  }

  private static Path parentOf(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.getParent() == null ? abs : abs.getParent();
  }
}
