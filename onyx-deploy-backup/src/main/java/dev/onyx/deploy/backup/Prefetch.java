package dev.onyx.deploy.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads an item's content (inflating and hashing it) on its own thread, ahead of the consumer (the
 * engine reading a tar or a dump): the two run on different cores instead of taking turns. At most
 * {@link #SLOTS} blocks of {@link #BLOCK} bytes wait in between, so memory stays flat.
 */
final class Prefetch extends InputStream {
  private static final int BLOCK = 256 * 1024;
  private static final int SLOTS = 16;

  private final Pipe pipe = new Pipe(SLOTS);
  private final InputStream out = pipe.source();
  private final CompletableFuture<BackupFile.Result> producer;

  Prefetch(BackupFile.ItemContent content, String threadName) {
    this.producer = CompletableFuture.supplyAsync(() -> {
      try (OutputStream sink = pipe.sink()) {
        byte[] buf = new byte[BLOCK];
        int n;
        while ((n = content.readNBytes(buf, 0, buf.length)) > 0) {
          sink.write(buf, 0, n);
        }
        return content.finish();
      } catch (IOException | RuntimeException e) {
        pipe.fail(e);
        throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
      }
    }, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      t.start();
    });
  }

  @Override
  public int read() throws IOException {
    try {
      return out.read();
    } catch (IOException e) {
      throw damage(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return out.read(b, off, len);
    } catch (IOException e) {
      throw damage(e);
    }
  }

  /** A damaged item is reported as such, not as the pipe's failure. */
  private IOException damage(IOException e) {
    try {
      producer.join();
    } catch (CompletionException c) {
      if (c.getCause() instanceof CorruptBackupException cbe) {
        throw cbe;
      }
    }
    return e;
  }

  /**
   * Waits for the whole content to have been read and checked.
   *
   * @return the item's checked sizes and hash
   * @throws CorruptBackupException when the content does not match its checksums
   */
  BackupFile.Result finish() throws IOException {
    try {
      // what the consumer left unread is read through, as the content's own finish does
      out.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // the producer's failure, reported below
    }
    try {
      return producer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  /** Stops the reading thread if the consumer gave up early; the item's reader is closed by its owner. */
  @Override
  public void close() {
    try {
      out.close(); // a producer still writing fails instead of waiting
    } catch (IOException e) {
      // the pipe's source does not fail on close
    }
    producer.cancel(true);
  }
}
