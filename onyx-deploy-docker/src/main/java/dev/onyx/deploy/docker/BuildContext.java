package dev.onyx.deploy.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Makes the tar of a build context folder, honouring its {@code .dockerignore}. */
final class BuildContext {
  private BuildContext() {
  }

  /** @return a temporary tar file of the folder (the caller deletes it) */
  static Path tar(Path context) throws IOException {
    List<Rule> rules = rules(context.resolve(".dockerignore"));
    Path tar = Files.createTempFile("onyx-build-context", ".tar");
    try (OutputStream out = Files.newOutputStream(tar);
        TarArchiveOutputStream t = new TarArchiveOutputStream(out);
        Stream<Path> files = Files.walk(context)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path p : (Iterable<Path>) files.sorted()::iterator) {
        if (p.equals(context)) {
          continue;
        }
        String rel = context.relativize(p).toString().replace('\\', '/');
        if (ignored(rules, rel) && !rel.equals(".dockerignore")) {
          continue;
        }
        boolean dir = Files.isDirectory(p);
        TarArchiveEntry e = new TarArchiveEntry(p.toFile(), rel + (dir ? "/" : ""));
        if (!dir) {
          e.setMode(Files.isExecutable(p) ? 0100755 : 0100644);
        }
        t.putArchiveEntry(e);
        if (!dir && Files.isRegularFile(p)) {
          Files.copy(p, t);
        }
        t.closeArchiveEntry();
      }
    }
    return tar;
  }

  private record Rule(PathMatcher matcher, boolean negate) {
  }

  private static List<Rule> rules(Path file) throws IOException {
    List<Rule> rules = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return rules;
    }
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      boolean neg = l.startsWith("!");
      if (neg) {
        l = l.substring(1).strip();
      }
      while (l.startsWith("/")) {
        l = l.substring(1);
      }
      while (l.endsWith("/")) {
        l = l.substring(0, l.length() - 1);
      }
      rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + l), neg));
    }
    return rules;
  }

  /** The last matching rule wins; a file under an ignored folder is ignored. */
  static boolean ignored(List<Rule> rules, String rel) {
    boolean ignored = false;
    String[] parts = rel.split("/");
    for (Rule r : rules) {
      StringBuilder prefix = new StringBuilder();
      for (String part : parts) {
        if (prefix.length() > 0) {
          prefix.append('/');
        }
        prefix.append(part);
        if (r.matcher().matches(Path.of(prefix.toString()))) {
          ignored = !r.negate();
          break;
        }
      }
    }
    return ignored;
  }
}
