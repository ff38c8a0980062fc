package dev.onyx.deploy.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Reads a backup file through: every item's checksums, the manifest against them, the end digest. */
final class Verifier {
  private Verifier() {
  }

  /**
   * Two kinds of reading at once: this thread reads every frame (the end digest covers every body
   * byte, so any damage anywhere is found) and checks the structure and the manifest; each item's
   * content (inflated, both SHA-256) is checked by its own reader on its own thread, so the
   * inflating runs on every core. Damage inside an item is reported with the item's name.
   */
  static BackupManifest verify(Path file, @Nullable Passphrase passphrase, Consumer<String> progress) {
    requireFile(file);
    Map<String, CompletableFuture<BackupFile.Result>> checks = new LinkedHashMap<>();
    BackupManifest manifest = null;
    RuntimeException structural = null;
    try (BackupFile.Reader r = BackupFile.Reader.open(file, passphrase)) {
      BackupFile.FrameHead h = r.next();
      if (h.type() != 'B') {
        throw new CorruptBackupException(null, "the backup is damaged: it does not start with its begin record");
      }
      r.json(h, "begin record");
      String inItem = null;
      while (true) {
        h = r.next();
        if (h.type() == 'I' && inItem == null) {
          String name = String.valueOf(r.json(h, "item record").get("name"));
          if (checks.containsKey(name)) {
            throw new CorruptBackupException(name, "the backup is damaged: it holds item " + name + " twice");
          }
          progress.accept("checking " + name);
          checks.put(name, CompletableFuture.supplyAsync(() -> checkItem(file, passphrase, name), r2 -> {
            Thread t = new Thread(r2, "onyx-verify");
            t.setDaemon(true);
            t.start();
          }));
          inItem = name;
          r.setCurrentItem(name);
        } else if (h.type() == 'D' && inItem != null) {
          r.payload(h);
        } else if (h.type() == 'E' && inItem != null) {
          r.payload(h);
          inItem = null;
          r.setCurrentItem(null);
        } else if (h.type() == 'M' && manifest == null && inItem == null) {
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
              + "' record stands where none may" + r.where());
        }
      }
    } catch (IOException e) {
      structural = new UncheckedIOException("reading the backup " + file + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      structural = e;
    }
    // damage inside an item is reported with its name, before what the structure pass found
    Map<String, BackupFile.Result> checked = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<BackupFile.Result>> c : checks.entrySet()) {
      try {
        checked.put(c.getKey(), c.getValue().join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof CorruptBackupException cbe && cbe.item().isPresent()) {
          throw cbe;
        }
        if (structural == null) {
          structural = e.getCause() instanceof RuntimeException re ? re : new UncheckedIOException(
              new IOException(e.getCause()));
        }
      }
    }
    if (structural != null) {
      throw structural;
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
  }

  /** Checks one item's content with its own reader. */
  private static BackupFile.Result checkItem(Path file, @Nullable Passphrase passphrase, String name) {
    try (BackupFile.Reader r = BackupFile.Reader.open(file, passphrase)) {
      seek(r, name);
      return r.content().finish();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the backup " + file + " failed: " + e.getMessage(), e);
    }
  }

  /** Moves a reader to the content of the named item. */
  static void seek(BackupFile.Reader r, String name) throws IOException {
    while (true) {
      BackupFile.FrameHead h = r.next();
      if (h.type() == 'I') {
        if (name.equals(String.valueOf(r.json(h, "item record").get("name")))) {
          r.setCurrentItem(name);
          return;
        }
      } else if (h.type() == 'M' || h.type() == 'Z') {
        throw new CorruptBackupException(name, "the backup does not hold item " + name);
      } else {
        r.skip(h);
      }
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
