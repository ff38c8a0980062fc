package dev.onyx.deploy.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hidden work files a bundle create writes next to its target ({@code .NAME.zip.RANDOM.part}:
 * the zip being written, and the spool of an incremental bundle's layers). A create holds a lock on
 * each while it writes; a create killed before it could delete them leaves them behind, unlocked.
 * The next create to the same target removes those (never one another create still holds).
 */
final class StaleParts {
  private static final Logger LOG = LoggerFactory.getLogger(StaleParts.class);

  private StaleParts() {
  }

  /** @return the prefix of the work files of a create to {@code target} */
  static String prefix(Path target) {
    return "." + target.getFileName() + ".";
  }

  /**
   * @param target the bundle about to be written
   * @return the stale work files removed
   */
  static List<Path> clean(Path target) {
    List<Path> removed = new ArrayList<>();
    String prefix = prefix(target);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent(), prefix + "*.part")) {
      for (Path p : ds) {
        if (Files.isRegularFile(p) && !inUse(p)) {
          long size = Files.size(p);
          Files.deleteIfExists(p);
          removed.add(p);
          LOG.info("removed {} ({} bytes), left by an earlier bundle create that did not finish", p, size);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not look for stale parts of {}: {}", target, e.toString());
    }
    return removed;
  }

  /** @return whether a running create holds the file's lock */
  private static boolean inUse(Path p) {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // held in this very process
    } catch (IOException e) {
      return true; // cannot tell: leave it
    }
  }
}
