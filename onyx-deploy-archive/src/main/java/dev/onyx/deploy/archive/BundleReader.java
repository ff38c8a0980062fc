package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.Messages;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.core.internal.ParallelDeflater;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads a bundle: checks entry paths, the manifest, and every file's size, SHA-256 and CRC-32;
 * extracts the compose project; streams the images. Every method opens the zip itself.
 */
final class BundleReader {
  /** The biggest manifest read into memory. */
  private static final long MAX_MANIFEST = 16L << 20;
  private static final int BUFFER = 1 << 20;

  private final Path bundle;
  private final DeployListener listener;

  BundleReader(Path bundle, DeployListener listener) {
    this.bundle = bundle;
    this.listener = listener;
  }

  /** Opens the zip and checks every entry's path, before anything is read. */
  private ZipFile open() {
    if (!Files.isRegularFile(bundle)) {
      throw new ArchiveException("bundle " + bundle + " does not exist or is not a file");
    }
    ZipFile zip;
    try {
      zip = ZipFile.builder().setPath(bundle).get();
    } catch (IOException e) {
      throw new BundleVerificationException(null, bundle + " is not a readable zip file ("
          + e.getMessage() + "); is the download complete?", e);
    }
    try {
      Set<String> seen = new HashSet<>();
      for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
        String name = e.getName();
        Optional<String> p = EntryPaths.problem(name);
        if (p.isPresent()) {
          throw new BundleVerificationException(name, "entry '" + name + "' in " + bundle + " " + p.get()
              + ": refused (a bundle holds only relative paths); nothing was extracted", null);
        }
        if (e.isUnixSymlink()) {
          throw new BundleVerificationException(name, "entry '" + name + "' in " + bundle
              + " is a symbolic link: refused (a bundle holds only files); nothing was extracted", null);
        }
        if (!seen.add(name)) {
          throw new BundleVerificationException(name, "entry '" + name + "' appears twice in " + bundle
              + ": refused", null);
        }
      }
      return zip;
    } catch (RuntimeException e) {
      closeQuietly(zip);
      throw e;
    }
  }

  /** @return the manifest, after checking the entry paths and the manifest's own CRC */
  BundleManifest manifest() {
    try (ZipFile zip = open()) {
      return readManifest(zip);
    } catch (IOException e) {
      throw new ArchiveException("reading " + bundle + " failed: " + Messages.describe(e), e);
    }
  }

  /**
   * @return the bundle's id: {@code sha256:} and the SHA-256 of its {@code manifest.json}, which
   *     lists every other file with its SHA-256 (so two bundles with the same id hold the same files)
   */
  String id() {
    try (ZipFile zip = open()) {
      readManifest(zip);
      return "sha256:" + ParallelDeflater.hex(ParallelDeflater.sha256().digest(manifestBytes(zip)));
    } catch (IOException e) {
      throw new ArchiveException("reading " + bundle + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Reads each image's layers from the bundle's image stream (its {@code manifest.json} and image
   * configurations; the layer files are skipped), for version 1 bundles whose manifest does not list
   * them.
   *
   * @return image id to its layer digests, bottom first
   */
  Map<String, List<String>> layersOfImages() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    read(Bundle.IMAGES_ENTRY, in -> {
      Map<String, byte[]> json = new LinkedHashMap<>();
      org.apache.commons.compress.archivers.tar.TarArchiveInputStream t =
          new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in);
      org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
      while ((e = t.getNextEntry()) != null) {
        if (e.isFile() && e.getSize() < (4 << 20) && (e.getName().endsWith(".json") || e.getName().startsWith("blobs/"))) {
          json.put(e.getName(), t.readAllBytes());
        }
      }
      com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
      byte[] manifest = json.get("manifest.json");
      if (manifest == null) {
        return;
      }
      for (com.fasterxml.jackson.databind.JsonNode image : m.readTree(manifest)) {
        String config = image.path("Config").asText();
        byte[] c = json.get(config);
        if (c == null) {
          continue;
        }
        List<String> layers = new ArrayList<>();
        m.readTree(c).path("rootfs").path("diff_ids").forEach(d -> layers.add(d.asText()));
        String hex = config.replaceAll("^blobs/sha256/", "").replaceAll("\\.json$", "");
        out.put("sha256:" + hex, layers);
      }
    });
    return out;
  }

  private byte[] manifestBytes(ZipFile zip) throws IOException {
    try (InputStream in = zip.getInputStream(zip.getEntry(BundleManifest.PATH))) {
      return in.readNBytes((int) MAX_MANIFEST + 1);
    }
  }

  private BundleManifest readManifest(ZipFile zip) throws IOException {
    ZipArchiveEntry m = zip.getEntry(BundleManifest.PATH);
    if (m == null) {
      throw new BundleVerificationException(BundleManifest.PATH, bundle + " has no " + BundleManifest.PATH
          + ": it is not an onyx-deploy bundle, or it is incomplete", null);
    }
    if (m.getSize() > MAX_MANIFEST) {
      throw new BundleVerificationException(BundleManifest.PATH, BundleManifest.PATH + " in " + bundle
          + " is too big (" + m.getSize() + " bytes)", null);
    }
    byte[] bytes;
    CRC32 crc = new CRC32();
    try (InputStream in = zip.getInputStream(m)) {
      bytes = in.readNBytes((int) MAX_MANIFEST + 1);
    } catch (IOException | RuntimeException e) {
      throw damaged(BundleManifest.PATH, "cannot be decompressed (" + e.getMessage() + ")", e);
    }
    crc.update(bytes);
    if (bytes.length != m.getSize() || (m.getCrc() >= 0 && crc.getValue() != m.getCrc())) {
      throw damaged(BundleManifest.PATH, "does not match its zip checksum (CRC-32)", null);
    }
    return ManifestJson.read(bytes, bundle.toString());
  }

  /** Checks everything; see {@link Bundle#verify(Path)}. */
  VerifyReport verify() {
    long start = System.nanoTime();
    try (ZipFile zip = open()) {
      BundleManifest manifest = readManifest(zip);
      Map<String, ZipArchiveEntry> entries = new LinkedHashMap<>();
      for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
        if (!e.isDirectory()) {
          entries.put(e.getName(), e);
        }
      }
      Set<String> listed = new HashSet<>();
      for (BundleManifest.FileEntry f : manifest.files()) {
        Optional<String> p = EntryPaths.problem(f.path());
        if (p.isPresent() || f.path().equals(BundleManifest.PATH) || !listed.add(f.path())) {
          throw new BundleVerificationException(f.path(), BundleManifest.PATH + " in " + bundle
              + " lists the file '" + f.path() + "' " + p.orElse("more than once or as itself") + ": refused", null);
        }
        if (!entries.containsKey(f.path())) {
          throw new BundleVerificationException(f.path(), "entry " + f.path() + " is listed in "
              + BundleManifest.PATH + " but missing from " + bundle + ": the bundle is incomplete", null);
        }
      }
      for (String name : entries.keySet()) {
        if (!name.equals(BundleManifest.PATH) && !listed.contains(name)) {
          throw new BundleVerificationException(name, "entry " + name + " in " + bundle
              + " is not listed in " + BundleManifest.PATH + ": refused (the bundle was changed)", null);
        }
      }
      long total = manifest.totalSize();
      long[] done = {0};
      for (BundleManifest.FileEntry f : manifest.files()) {
        check(zip, entries.get(f.path()), f, null, total, done);
      }
      listener.onEvent(new DeployEvent.Progress("verify bundle", total, total));
      return new VerifyReport(bundle, "sha256:" + ParallelDeflater.hex(ParallelDeflater.sha256()
          .digest(manifestBytes(zip))), manifest, manifest.files().size(), total,
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new ArchiveException("reading " + bundle + " failed: " + Messages.describe(e), e);
    }
  }

  /**
   * Reads one entry, checking its size, CRC-32 and SHA-256, copying it to {@code sink} if given.
   */
  private void check(ZipFile zip, ZipArchiveEntry e, BundleManifest.FileEntry f, OutputStream sink,
      long total, long[] done) {
    MessageDigest sha = ParallelDeflater.sha256();
    CRC32 crc = new CRC32();
    long n = 0;
    long lastReport = 0;
    byte[] buf = new byte[BUFFER];
    try (InputStream in = zip.getInputStream(e)) {
      int k;
      while ((k = in.read(buf)) >= 0) {
        n += k;
        if (n > f.size()) {
          throw damaged(f.path(), "is bigger than the " + f.size() + " bytes " + BundleManifest.PATH + " records", null);
        }
        sha.update(buf, 0, k);
        crc.update(buf, 0, k);
        if (sink != null) {
          sink.write(buf, 0, k);
        }
        done[0] += k;
        if (n - lastReport >= 16 << 20) {
          lastReport = n;
          listener.onEvent(new DeployEvent.Progress("verify bundle", done[0], total));
        }
      }
    } catch (BundleVerificationException x) {
      throw x;
    } catch (IOException | RuntimeException x) {
      throw damaged(f.path(), "cannot be decompressed (" + x.getMessage() + ")", x);
    }
    if (n != f.size()) {
      throw damaged(f.path(), "has " + n + " bytes but " + BundleManifest.PATH + " records " + f.size(), null);
    }
    if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
      throw damaged(f.path(), "does not match its zip checksum (CRC-32)", null);
    }
    String got = ParallelDeflater.hex(sha.digest());
    if (!got.equals(f.sha256())) {
      throw damaged(f.path(), "has SHA-256 " + got + " but " + BundleManifest.PATH + " records " + f.sha256(), null);
    }
  }

  private BundleVerificationException damaged(String entry, String what, Throwable cause) {
    return new BundleVerificationException(entry, "entry " + entry + " in " + bundle + " " + what
        + ": the bundle is damaged or was changed; get a fresh copy", cause);
  }

  /**
   * Extracts the files under {@code prefix} (e.g. {@code compose/}) into {@code dir}, checking each
   * one's SHA-256 again while it is written. Existing files are replaced.
   *
   * @return the files written, in zip order
   */
  List<Path> extract(BundleManifest manifest, String prefix, Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    List<Path> written = new ArrayList<>();
    try (ZipFile zip = open()) {
      Files.createDirectories(root);
      for (BundleManifest.FileEntry f : manifest.files()) {
        if (!f.path().startsWith(prefix)) {
          continue;
        }
        Path target = EntryPaths.resolve(root, f.path().substring(prefix.length()), f.path());
        ZipArchiveEntry e = zip.getEntry(f.path());
        if (e == null) {
          throw new BundleVerificationException(f.path(), "entry " + f.path() + " is missing from " + bundle, null);
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".onyx-extract-", ".part");
        try {
          try (OutputStream out = Files.newOutputStream(tmp)) {
            check(zip, e, f, out, manifest.totalSize(), new long[1]);
          }
          if (f.path().endsWith(".sh")) {
            tmp.toFile().setExecutable(true, false);
          }
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(tmp);
        }
        written.add(target);
      }
      return written;
    } catch (IOException e) {
      throw new ArchiveException("extracting " + prefix + " of " + bundle + " to " + root + " failed: "
          + Messages.describe(e), e);
    }
  }

  /** Passes the named entry's content to {@code consumer}; the stream is checked as it is read. */
  void read(String path, IoConsumer<InputStream> consumer) {
    try (ZipFile zip = open()) {
      ZipArchiveEntry e = zip.getEntry(path);
      if (e == null) {
        throw new BundleVerificationException(path, "entry " + path + " is missing from " + bundle, null);
      }
      try (InputStream in = zip.getInputStream(e)) {
        consumer.accept(in);
      }
    } catch (NoSuchFileException e) {
      throw new ArchiveException("bundle " + bundle + " does not exist", e);
    } catch (IOException e) {
      throw new ArchiveException("reading " + path + " of " + bundle + " failed: " + e.getMessage(), e);
    }
  }

  /** A consumer that may throw {@link IOException}. */
  interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }

  private static void closeQuietly(ZipFile zip) {
    try {
      zip.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
