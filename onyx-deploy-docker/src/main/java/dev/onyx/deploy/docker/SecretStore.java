package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.internal.Messages;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Keeps generated secret values stable across applies.
 *
 * <p>Where a value comes from, in order: the state folder on the deploying machine
 * ({@code STATE/PROJECT/secrets/NAME}, folder mode 0700, file 0600; STATE defaults to
 * {@code ~/.onyx-deploy}); else the project's existing containers (the secret's file in a
 * container, or the variable it feeds), so a second machine deploying the same project keeps the
 * value; else a new random value. The value found or made is written to the state folder.
 */
final class SecretStore {
  private final Path stateDir;
  /** (project stack, secret) to a value read back from the engine, when one is there. */
  private final BiFunction<Stack, Secret, Optional<String>> fromEngine;

  private final boolean readOnly;

  /** @param readOnly for plans: a value found nowhere is made up but not kept */
  SecretStore(Path stateDir, BiFunction<Stack, Secret, Optional<String>> fromEngine, boolean readOnly) {
    this.stateDir = stateDir;
    this.fromEngine = fromEngine;
    this.readOnly = readOnly;
  }

  static Path defaultStateDir() {
    return Path.of(System.getProperty("user.home"), ".onyx-deploy");
  }

  Path dir(String project) {
    return stateDir.resolve(project).resolve("secrets");
  }

  synchronized String generated(Stack stack, Secret secret) {
    Path file = dir(stack.name()).resolve(secret.name());
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8);
      }
      Optional<String> kept = fromEngine.apply(stack, secret);
      String value = kept.orElseGet(secret::generateValue);
      if (!readOnly) {
        write(file, value);
      }
      return value;
    } catch (IOException e) {
      throw new DeployException("generated secret '" + secret.name() + "' of project " + stack.name()
          + ": cannot read or write " + file + " (" + Messages.describe(e) + "); check the permissions of "
          + stateDir, e);
    }
  }

  private static void write(Path file, String value) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path dir = file.getParent();
    Files.createDirectories(dir);
    if (posix) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwx------"));
    }
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (posix) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, value, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Forgets the project's generated secrets (with {@code down --volumes}). */
  void forget(String project) {
    Path dir = stateDir.resolve(project);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new DeployException("cannot remove the state folder " + dir + ": " + Messages.describe(e), e);
    }
  }
}
