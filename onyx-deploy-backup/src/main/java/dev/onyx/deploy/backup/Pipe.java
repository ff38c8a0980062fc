package dev.onyx.deploy.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory pipe between two threads (a command's output and the compressor): at most
 * {@code slots} chunks wait, so memory stays flat and the writer waits when the reader falls behind.
 * Closing the reading side makes the writer fail instead of waiting forever.
 */
final class Pipe {
  private static final byte[] END = new byte[0];
  private final BlockingQueue<byte[]> queue;
  private volatile boolean readerClosed;

  Pipe(int slots) {
    this.queue = new ArrayBlockingQueue<>(slots);
  }

  OutputStream sink() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
          put(java.util.Arrays.copyOfRange(b, off, off + len));
        }
      }

      @Override
      public void close() throws IOException {
        put(END);
      }
    };
  }

  private void put(byte[] chunk) throws IOException {
    try {
      while (!queue.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
        if (readerClosed) {
          throw new IOException("the reading side stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  InputStream source() {
    return new InputStream() {
      private byte[] cur = new byte[0];
      private int pos;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (pos == cur.length) {
          if (ended) {
            return -1;
          }
          try {
            cur = queue.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
          }
          pos = 0;
          if (cur == END) {
            ended = true;
          }
        }
        int k = Math.min(len, cur.length - pos);
        System.arraycopy(cur, pos, b, off, k);
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
