package dev.onyx.deploy.archive;

import java.nio.file.Path;
import java.util.Optional;

/** Which zip entry paths are safe to extract (no zip-slip), and where they go. */
final class EntryPaths {
  private EntryPaths() {
  }

  /**
   * @param name an entry's name as stored in the zip
   * @return why the name is unsafe, or empty when it is a plain relative path
   */
  static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("has an empty path");
    }
    if (name.indexOf('\0') >= 0) {
      return Optional.of("has a NUL character in its path");
    }
    String n = name.replace('\\', '/');
    if (n.startsWith("/")) {
      return Optional.of("has an absolute path");
    }
    if (n.length() >= 2 && n.charAt(1) == ':' && Character.isLetter(n.charAt(0))) {
      return Optional.of("has an absolute (drive-letter) path");
    }
    for (String part : n.split("/", -1)) {
      if (part.equals("..")) {
        return Optional.of("has a '..' segment in its path");
      }
    }
    return Optional.empty();
  }

  /**
   * Resolves a relative entry path under a folder, refusing anything that would land outside it.
   *
   * @param root the folder (absolute, normalised)
   * @param relative the path below it, {@code /}-separated
   * @return the target file
   * @throws BundleVerificationException if the target is not strictly inside {@code root}
   */
  static Path resolve(Path root, String relative, String entry) {
    Optional<String> p = problem(relative);
    Path target = root.resolve(relative.replace('\\', '/')).normalize();
    if (p.isPresent() || !target.startsWith(root) || target.equals(root)) {
      throw new BundleVerificationException(entry, "entry " + entry + " would be written outside "
          + root + " (" + p.orElse("it escapes the folder") + "): refused", null);
    }
    return target;
  }
}
