package dev.onyx.deploy.backup;

import dev.onyx.deploy.core.internal.ParallelDeflater;
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

  /** What a verify pass found: the manifest, and where each item's record starts in the body. */
  record Verified(BackupManifest manifest, Map<String, Long> itemOffsets) {
  }

  /**
   * Checks everything: every stored byte and every item's content. Two kinds of reading at once:
   * this thread reads every frame and checks the structure, the end digest (over every body byte
   * but the items' data) and the manifest; each item's data (its stored bytes' SHA-256, then
   * inflated, its content's) is checked by its own reader on its own thread, so the inflating runs
   * on every core. Damage inside an item is reported with the item's name.
   */
  static BackupManifest verify(Path file, @Nullable Passphrase passphrase, Consumer<String> progress) {
    return verify(file, passphrase, progress, true).manifest();
  }

  /**
   * Checks every stored byte without inflating anything, each in one SHA-256 pass: the end digest
   * over the body's records, each item's stored bytes against the SHA-256 its end record holds (so
   * damage is named with its item), the manifest against the end records. What a restore checks
   * before it changes anything: the content's own SHA-256 is then checked as the content is
   * restored (it can differ only if the compressor that wrote the file was faulty, since the stored
   * bytes are the ones it wrote).
   */
  static Verified verifyStored(Path file, @Nullable Passphrase passphrase, Consumer<String> progress) {
    return verify(file, passphrase, progress, false);
  }

  private static Verified verify(Path file, @Nullable Passphrase passphrase, Consumer<String> progress,
      boolean inflate) {
    requireFile(file);
    Map<String, CompletableFuture<BackupFile.Result>> checks = new LinkedHashMap<>();
    Map<String, Long> offsets = new LinkedHashMap<>();
    BackupManifest manifest = null;
    RuntimeException structural = null;
    try (BackupFile.Reader r = BackupFile.Reader.open(file, passphrase)) {
      BackupFile.FrameHead h = r.next();
      if (h.type() != 'B') {
        throw new CorruptBackupException(null, "the backup is damaged: it does not start with its begin record");
      }
      r.json(h, "begin record");
      String inItem = null;
      MessageDigest storedSha = null;
      long storedSize = 0;
      while (true) {
        long frameAt = r.bodyOffset();
        h = r.next();
        if (h.type() == 'I' && inItem == null) {
          String name = String.valueOf(r.json(h, "item record").get("name"));
          if (checks.containsKey(name)) {
            throw new CorruptBackupException(name, "the backup is damaged: it holds item " + name + " twice");
          }
          progress.accept("checking " + name);
          offsets.put(name, frameAt);
          if (inflate) {
            checks.put(name, CompletableFuture.supplyAsync(() -> checkItem(file, passphrase, name), r2 -> {
              Thread t = new Thread(r2, "onyx-verify");
              t.setDaemon(true);
              t.start();
            }));
          } else {
            checks.put(name, new CompletableFuture<>());
            storedSha = ParallelDeflater.sha256();
            storedSize = 0;
          }
          inItem = name;
          r.setCurrentItem(name);
        } else if (h.type() == 'D' && inItem != null) {
          byte[] b = r.payload(h);
          if (storedSha != null) {
            storedSha.update(b);
            storedSize += b.length;
          }
        } else if (h.type() == 'E' && inItem != null) {
          if (inflate) {
            r.payload(h);
          } else {
            checks.get(inItem).complete(storedEnd(r, h, inItem, storedSha.digest(), storedSize));
            storedSha = null;
          }
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
    if (!inflate && structural instanceof CorruptBackupException c && c.item().isPresent()) {
      throw c;
    }
    // damage inside an item is reported with its name, before what the structure pass found
    Map<String, BackupFile.Result> checked = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<BackupFile.Result>> c : checks.entrySet()) {
      if (!c.getValue().isDone() && !inflate) {
        continue; // the structure pass stopped inside this item: reported below
      }
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
    return new Verified(manifest, offsets);
  }

  /** Compares an item's stored bytes with its end record; @return the item as its end record gives it. */
  private static BackupFile.Result storedEnd(BackupFile.Reader r, BackupFile.FrameHead h, String item, byte[] storedSha,
      long storedSize) throws IOException {
    Map<String, Object> end;
    try {
      end = r.json(h, "item record" + r.where());
    } catch (CorruptBackupException e) {
      throw new CorruptBackupException(item, "the backup is damaged in item " + item + ": its end record is not readable");
    }
    if (!ParallelDeflater.hex(storedSha).equals(String.valueOf(end.get("storedSha256")))
        || !(end.get("storedSize") instanceof Number ss) || ss.longValue() != storedSize) {
      throw new CorruptBackupException(item, "the backup is damaged in item " + item
          + ": its stored bytes do not match their SHA-256");
    }
    if (!(end.get("size") instanceof Number size)) {
      throw new CorruptBackupException(item, "the backup is damaged in item " + item + ": its end record has no size");
    }
    return new BackupFile.Result(size.longValue(), storedSize, String.valueOf(end.get("sha256")));
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
