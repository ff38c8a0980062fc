package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.ParallelDeflater;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Copies a {@code docker save} tar stream, leaving out the files of layers the target already holds
 * (manifest, configs and the other entries are copied unchanged). A layer file's digest is its
 * content's SHA-256: in the classic format ({@code <dir>/layer.tar}, Docker before 25) it is known
 * only once the file has been read, so each such file is held back (in memory up to 16 MiB, else in
 * one spool file next to the bundle, reused from layer to layer and deleted at the end) until its
 * digest decides; in the OCI layout ({@code blobs/sha256/<digest>}) the name says it.
 */
final class LayerFilter {
  private static final int IN_MEMORY = 16 << 20;

  /** What was left out. */
  record Result(int omittedLayers, long omittedBytes, int keptLayers) {
  }

  private LayerFilter() {
  }

  /**
   * @param tarIn the engine's image stream (read to its end, not closed)
   * @param tarOut where the filtered stream goes (finished, not closed)
   * @param omitted the layer digests ({@code sha256:...}) to leave out
   * @param spool where a large layer file waits for its digest; created on first use, locked while in
   *     use (so a later create does not take it for a stale part), deleted at the end
   */
  static Result copy(InputStream tarIn, OutputStream tarOut, Set<String> omitted, Path spool) throws IOException {
    TarArchiveInputStream in = new TarArchiveInputStream(tarIn);
    TarArchiveOutputStream out = new TarArchiveOutputStream(tarOut);
    out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    int omittedLayers = 0;
    int kept = 0;
    long omittedBytes = 0;
    FileChannel spoolChannel = null;
    FileLock lock = null;
    try {
      TarArchiveEntry e;
      byte[] buf = new byte[1 << 16];
      while ((e = in.getNextEntry()) != null) {
        String name = e.getName();
        if (e.isFile() && name.startsWith("blobs/sha256/") && omitted.contains("sha256:" + name.substring(13))) {
          omittedLayers++;
          omittedBytes += e.getSize();
          continue;
        }
        if (!e.isFile() || !name.endsWith("/layer.tar")) {
          out.putArchiveEntry(e);
          if (e.isFile()) {
            copy(in, out, buf);
          }
          out.closeArchiveEntry();
          continue;
        }
        if (spoolChannel == null && e.getSize() > IN_MEMORY) {
          spoolChannel = FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE);
          lock = spoolChannel.tryLock();
        }
        Held held = e.getSize() <= IN_MEMORY ? new InMemory((int) e.getSize()) : new Spooled(spoolChannel);
        MessageDigest sha = ParallelDeflater.sha256();
        copy(in, new DigestOutputStream(held.sink(), sha), buf);
        if (omitted.contains("sha256:" + ParallelDeflater.hex(sha.digest()))) {
          omittedLayers++;
          omittedBytes += e.getSize();
          continue;
        }
        out.putArchiveEntry(e);
        held.writeTo(out, buf);
        kept++;
        out.closeArchiveEntry();
      }
      out.finish();
      out.flush();
      return new Result(omittedLayers, omittedBytes, kept);
    } finally {
      if (lock != null) {
        lock.release();
      }
      if (spoolChannel != null) {
        spoolChannel.close();
      }
      Files.deleteIfExists(spool);
    }
  }

  /** A layer file held back until its digest is known. */
  private interface Held {
    OutputStream sink() throws IOException;

    void writeTo(OutputStream out, byte[] buf) throws IOException;
  }

  private record InMemory(ByteArrayOutputStream bytes) implements Held {
    InMemory(int size) {
      this(new ByteArrayOutputStream(size));
    }

    @Override
    public OutputStream sink() {
      return bytes;
    }

    @Override
    public void writeTo(OutputStream out, byte[] buf) throws IOException {
      bytes.writeTo(out);
    }
  }

  /** In the spool file, reused from layer to layer. */
  private record Spooled(FileChannel channel) implements Held {
    @Override
    public OutputStream sink() throws IOException {
      channel.truncate(0);
      channel.position(0);
      return Channels.newOutputStream(channel);
    }

    @Override
    public void writeTo(OutputStream out, byte[] buf) throws IOException {
      channel.position(0);
      copy(Channels.newInputStream(channel), out, buf);
    }
  }

  private static void copy(InputStream in, OutputStream out, byte[] buf) throws IOException {
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
    }
  }
}
