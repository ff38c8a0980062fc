package dev.onyx.deploy.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Reads a backup file through: every item's checksums, the manifest against them, the end digest. */
final class Verifier {
  private Verifier() {
  }

  static BackupManifest verify(Path file, @Nullable Passphrase passphrase, Consumer<String> progress) {
    requireFile(file);
    try (BackupFile.Reader r = BackupFile.Reader.open(file, passphrase)) {
      BackupFile.FrameHead h = r.next();
      if (h.type() != 'B') {
        throw new CorruptBackupException(null, "the backup is damaged: it does not start with its begin record");
      }
      r.json(h, "begin record");
      Map<String, BackupFile.Result> checked = new LinkedHashMap<>();
      BackupManifest manifest = null;
      while (true) {
        h = r.next();
        if (h.type() == 'I') {
          Map<String, Object> item = r.json(h, "item record");
          String name = String.valueOf(item.get("name"));
          r.setCurrentItem(name);
          progress.accept("checking " + name);
          BackupFile.ItemContent c = r.content();
          checked.put(name, c.finish());
          r.setCurrentItem(null);
        } else if (h.type() == 'M' && manifest == null) {
          manifest = ManifestJson.fromMap(r.json(h, "manifest"), r.encrypted());
        } else if (h.type() == 'Z' && manifest != null) {
          byte[] want = r.payload(h);
          if (!MessageDigest.isEqual(want, r.digestBeforeLastFrame())) {
            throw new CorruptBackupException(null, "the backup is damaged outside its items (its begin record, an "
                + "item record or the manifest): the end checksum does not match");
          }
          if (!r.atEnd()) {
            throw new CorruptBackupException(null, "the backup is damaged: bytes follow its end record");
          }
          break;
        } else {
          throw new CorruptBackupException(r.currentItem(), "the backup is damaged: a '" + h.type()
              + "' record stands where none may");
        }
      }
      for (BackupManifest.Item i : manifest.items()) {
        BackupFile.Result got = checked.remove(i.name());
        if (got == null) {
          throw new CorruptBackupException(i.name(), "the backup is damaged: the manifest lists item " + i.name()
              + " but the file does not hold it");
        }
        if (got.size() != i.size() || got.storedSize() != i.storedSize() || !got.sha256().equals(i.sha256())) {
          throw new CorruptBackupException(i.name(), "the backup is damaged: item " + i.name()
              + " does not match its size or SHA-256 in the manifest");
        }
      }
      if (!checked.isEmpty()) {
        String extra = checked.keySet().iterator().next();
        throw new CorruptBackupException(extra, "the backup is damaged: item " + extra + " is not in the manifest");
      }
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the backup " + file + " failed: " + e.getMessage(), e);
    }
  }

  /** Reads the manifest without checking the items (fast for a file that is not encrypted). */
  static BackupManifest list(Path file, @Nullable Passphrase passphrase) {
    requireFile(file);
    try (BackupFile.Reader r = BackupFile.Reader.open(file, passphrase)) {
      while (true) {
        BackupFile.FrameHead h = r.next();
        if (h.type() == 'M') {
          return ManifestJson.fromMap(r.json(h, "manifest"), r.encrypted());
        }
        r.skip(h);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the backup " + file + " failed: " + e.getMessage(), e);
    }
  }

  static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no backup file at " + file);
    }
  }

}
