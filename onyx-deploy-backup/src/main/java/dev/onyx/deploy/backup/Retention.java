package dev.onyx.deploy.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps the last backups in a folder (opt-in). Only files that are onyx-deploy backups (by their
 * signature) are ever considered: other files in the folder are never touched. Use one folder per
 * project: the backups of every project in a folder count together.
 */
public final class Retention {
  private Retention() {
  }

  /**
   * Deletes all but the {@code keep} newest backups (by modification time) in a folder.
   *
   * @param folder the folder (not searched recursively)
   * @param keep how many to keep, at least 1
   * @return the files deleted, oldest first
   */
  public static List<Path> keepLast(Path folder, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1, was " + keep);
    }
    List<Path> backups = new ArrayList<>();
    try (Stream<Path> s = Files.list(folder)) {
      s.filter(Files::isRegularFile).filter(Retention::isBackup).forEach(backups::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    backups.sort(Comparator.comparing(Retention::modified).thenComparing(Path::toString).reversed());
    List<Path> deleted = new ArrayList<>();
    for (Path p : backups.subList(Math.min(keep, backups.size()), backups.size())) {
      try {
        Files.deleteIfExists(p);
        deleted.add(0, p);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the old backup " + p + ": " + e.getMessage(), e);
      }
    }
    return deleted;
  }

  private static boolean isBackup(Path p) {
    if (p.getFileName().toString().startsWith(".")) {
      return false; // an unfinished one (temporary name)
    }
    try (InputStream in = Files.newInputStream(p)) {
      return Arrays.equals(in.readNBytes(BackupFile.MAGIC.length), BackupFile.MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
