package dev.onyx.deploy.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded pipe between one writing thread and one reading thread, in 256 KiB chunks (at most 8
 * in flight: 2 MiB). A failure on the writing side ({@link #fail}) surfaces as an
 * {@link IOException} on the reading side; a reader that closes early makes the writer's next
 * write fail, so neither side waits forever.
 */
final class ChunkPipe {
  private static final byte[] END = new byte[0];
  private static final int CHUNK = 256 << 10;

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8);
  private volatile Throwable failure;
  private volatile boolean readerClosed;

  /** @return the writing end; {@code close()} marks the end of the stream */
  OutputStream sink() {
    return new OutputStream() {
      private byte[] buf = new byte[CHUNK];
      private int n;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int k = Math.min(len, buf.length - n);
          System.arraycopy(b, off, buf, n, k);
          n += k;
          off += k;
          len -= k;
          if (n == buf.length) {
            flush();
          }
        }
      }

      @Override
      public void flush() throws IOException {
        if (n > 0) {
          put(n == buf.length ? buf : java.util.Arrays.copyOf(buf, n));
          buf = new byte[CHUNK];
          n = 0;
        }
      }

      @Override
      public void close() throws IOException {
        flush();
        put(END);
      }
    };
  }

  private void put(byte[] chunk) throws IOException {
    try {
      while (!queue.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (readerClosed) {
          throw new IOException("the reading side of the image stream stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the image stream");
    }
  }

  /** Ends the stream with a failure the reader sees. */
  void fail(Throwable t) {
    failure = t;
    queue.clear();
    queue.offer(END);
  }

  /** @return the reading end */
  InputStream source() {
    return new InputStream() {
      private byte[] chunk = new byte[0];
      private int pos;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (pos == chunk.length) {
          if (ended) {
            return -1;
          }
          try {
            chunk = queue.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the image stream");
          }
          pos = 0;
          if (chunk == END) {
            ended = true;
            chunk = new byte[0];
            if (failure != null) {
              throw new IOException("filtering the image stream failed: " + failure.getMessage(), failure);
            }
          }
        }
        int k = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, k);
        pos += k;
        return k;
      }

      @Override
      public void close() {
        readerClosed = true;
        queue.clear();
      }
    };
  }
}
