package dev.onyx.deploy.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Does in Java what the deploy scripts do: creates {@code .env} from {@code .env.example} when it
 * is missing and fills in the stack's secrets, generating the generated ones by the rules the
 * manifest gives for each ({@link dev.onyx.deploy.core.SecretRules}); existing values win (
 * so a second run changes nothing). Files are written owner-only (0600) where the file system has
 * POSIX permissions.
 */
final class SecretFiller {

  private SecretFiller() {
  }

  /**
   * @param dir the extracted compose project
   * @param secrets the manifest's secrets
   * @return the names of the secrets generated now
   * @throws ArchiveException naming a non-generated secret that has no value on this machine
   */
  static List<String> fill(Path dir, List<BundleManifest.SecretEntry> secrets) throws IOException {
    Path env = dir.resolve(".env");
    Path example = dir.resolve(".env.example");
    if (!Files.exists(env)) {
      List<String> lines = Files.exists(example) ? Files.readAllLines(example, StandardCharsets.UTF_8) : List.of();
      write(env, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
    }
    List<String> generated = new ArrayList<>();
    for (BundleManifest.SecretEntry s : secrets) {
      Optional<Path> file = s.file().map(f -> EntryPaths.resolve(dir, f, "compose/" + f));
      String v = "";
      if (file.isPresent() && Files.exists(file.get())) {
        v = Files.readString(file.get(), StandardCharsets.UTF_8);
      }
      if (v.isEmpty() && s.variable().isPresent()) {
        v = envValue(env, s.variable().get());
      }
      if (v.isEmpty()) {
        if (!s.generated()) {
          throw new ArchiveException("secret '" + s.name() + "' is not in the bundle (secret values never are): put its value in "
              + s.file().map(f -> dir.resolve(f).toString()).orElse("the variable " + s.variable().orElse("?") + " in " + env)
              + " and load again");
        }
        v = s.rules().generate();
        generated.add(s.name());
      }
      if (file.isPresent() && (!Files.exists(file.get()) || Files.size(file.get()) == 0)) {
        Files.createDirectories(file.get().getParent());
        write(file.get(), v);
      }
      if (s.variable().isPresent() && envValue(env, s.variable().get()).isEmpty()) {
        setEnv(env, s.variable().get(), v);
      }
    }
    return generated;
  }

  private static String envValue(Path env, String name) throws IOException {
    String value = "";
    if (Files.exists(env)) {
      for (String l : Files.readAllLines(env, StandardCharsets.UTF_8)) {
        if (l.startsWith(name + "=")) {
          value = l.substring(name.length() + 1);
        }
      }
    }
    return value;
  }

  private static void setEnv(Path env, String name, String value) throws IOException {
    List<String> out = new ArrayList<>();
    boolean found = false;
    for (String l : Files.readAllLines(env, StandardCharsets.UTF_8)) {
      if (l.startsWith(name + "=")) {
        out.add(name + "=" + value);
        found = true;
      } else {
        out.add(l);
      }
    }
    if (!found) {
      out.add(name + "=" + value);
    }
    write(env, String.join("\n", out) + "\n");
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".onyx-", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system (Windows): the folder's ACL applies
      }
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
