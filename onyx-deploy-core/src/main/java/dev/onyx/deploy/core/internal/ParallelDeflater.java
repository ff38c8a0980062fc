package dev.onyx.deploy.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses one stream into ONE raw deflate stream on several cores, the way {@code pigz} does:
 * the input is cut into chunks; each chunk is deflated by its own {@link Deflater} on a worker
 * thread, primed with the previous chunk's last 32 KiB as preset dictionary (so matches across the
 * cut are not lost) and ended with a {@code SYNC_FLUSH} (so it ends on a byte boundary); the last
 * chunk ends the stream. Concatenated in order, the chunks form one valid deflate stream that any
 * inflater reads as if it had been made in one piece. The CRC-32 and SHA-256 of the input are
 * computed in order by the writing thread.
 *
 * <p>Memory is bounded: a fixed pool of chunk slots (input + output buffer) is recycled, so the
 * reader blocks when the compressors or the writer fall behind. Nothing is buffered on disk.
 *
 * <p>Internal: shared by the bundle and backup modules; not part of the public API.
 */
public final class ParallelDeflater {
  /** Size of the window a chunk may refer back to. */
  private static final int DICT = 32 * 1024;

  /**
   * What was compressed.
   *
   * @param size input bytes
   * @param compressedSize output bytes
   * @param crc the CRC-32 of the input
   * @param sha256 the SHA-256 of the input, lower-case hex
   */
  public record Result(long size, long compressedSize, long crc, String sha256) {
  }

  private static final class Slot {
    final byte[] in;
    byte[] out;
    final byte[] dict = new byte[DICT];
    int inLen;
    int outLen;
    int dictLen;
    boolean last;

    Slot(int chunk) {
      in = new byte[chunk];
      out = new byte[chunk + chunk / 8 + 1024];
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ParallelDeflater.class);

  private final int level;
  private final int threads;
  /** Where the time went (nanoseconds), for the debug log: reading, waiting for a free slot, waiting for compressed chunks, writing. */
  private volatile long readNanos;
  private volatile long slotWaitNanos;
  private final int chunkSize;

  /**
   * @param level the deflate level, 0..9
   * @param threads compression threads (at least 1 is used)
   * @param chunkSize input bytes per chunk (at least 64 KiB is used)
   */
  public ParallelDeflater(int level, int threads, int chunkSize) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("compression level " + level + " is not in 0..9");
    }
    this.level = level;
    this.threads = Math.max(1, threads);
    this.chunkSize = Math.max(DICT * 2, chunkSize);
  }

  /**
   * Reads {@code in} to its end and writes its raw deflate form to {@code out}.
   *
   * @param in the data (not closed)
   * @param out where the compressed bytes go (not closed)
   * @param progress called with the number of input bytes compressed and written so far
   * @return sizes, CRC-32 and SHA-256 of the input
   * @throws IOException if reading or writing fails (or the thread is interrupted)
   */
  public Result deflate(InputStream in, OutputStream out, LongConsumer progress) throws IOException {
    int slots = threads * 2 + 2;
    BlockingQueue<Slot> free = new ArrayBlockingQueue<>(slots);
    for (int i = 0; i < slots; i++) {
      free.add(new Slot(chunkSize));
    }
    BlockingQueue<Future<Slot>> ordered = new ArrayBlockingQueue<>(slots + 1);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "onyx-deflate-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Future<Slot> end = CompletableFuture.completedFuture(null);
    CompletableFuture<Void> reader = new CompletableFuture<>();
    Thread readerThread = new Thread(() -> {
      try {
        read(in, free, ordered, pool);
        ordered.put(end);
        reader.complete(null);
      } catch (Throwable t) {
        reader.completeExceptionally(t);
        ordered.offer(CompletableFuture.failedFuture(t));
      }
    }, "onyx-deflate-read");
    readerThread.setDaemon(true);
    readerThread.start();
    CRC32 crc = new CRC32();
    MessageDigest sha = sha256();
    long size = 0;
    long csize = 0;
    long t0 = System.nanoTime();
    long waitNanos = 0;
    try {
      while (true) {
        long w0 = System.nanoTime();
        Future<Slot> f = ordered.take();
        if (f == end) {
          break;
        }
        Slot s = get(f);
        waitNanos += System.nanoTime() - w0;
        out.write(s.out, 0, s.outLen);
        crc.update(s.in, 0, s.inLen);
        sha.update(s.in, 0, s.inLen);
        size += s.inLen;
        csize += s.outLen;
        boolean last = s.last;
        free.put(s);
        progress.accept(size);
        if (last) {
          break;
        }
      }
      get(reader);
      long total = System.nanoTime() - t0;
      LOG.debug("deflated {} bytes into {} in {} ms on {} threads (level {}): reader read {} ms and waited {} ms"
          + " for a free chunk; writer waited {} ms for compressed chunks and wrote/hashed {} ms", size, csize,
          total / 1_000_000, threads, level, readNanos / 1_000_000, slotWaitNanos / 1_000_000,
          waitNanos / 1_000_000, (total - waitNanos) / 1_000_000);
      return new Result(size, csize, crc.getValue(), hex(sha.digest()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("compression interrupted");
    } finally {
      readerThread.interrupt();
      pool.shutdownNow();
    }
  }

  private void read(InputStream in, BlockingQueue<Slot> free, BlockingQueue<Future<Slot>> ordered,
      ExecutorService pool) throws IOException, InterruptedException {
    byte[] tail = new byte[DICT];
    int tailLen = 0;
    Slot pending = null;
    long read = 0;
    long wait = 0;
    while (true) {
      long w0 = System.nanoTime();
      Slot s = free.take();
      long r0 = System.nanoTime();
      int len = readFully(in, s.in);
      read += System.nanoTime() - r0;
      wait += r0 - w0;
      readNanos = read;
      slotWaitNanos = wait;
      if (len == 0) {
        if (pending == null) {
          // empty input: one empty final block
          s.inLen = 0;
          s.dictLen = 0;
          s.last = true;
          ordered.put(submit(pool, s));
        } else {
          free.put(s);
          pending.last = true;
          ordered.put(submit(pool, pending));
        }
        return;
      }
      s.inLen = len;
      System.arraycopy(tail, 0, s.dict, 0, tailLen);
      s.dictLen = tailLen;
      s.last = false;
      tailLen = Math.min(DICT, len);
      System.arraycopy(s.in, len - tailLen, tail, 0, tailLen);
      if (pending != null) {
        ordered.put(submit(pool, pending));
      }
      pending = s;
    }
  }

  private Future<Slot> submit(ExecutorService pool, Slot s) {
    return pool.submit(() -> compress(s));
  }

  private Slot compress(Slot s) {
    Deflater d = new Deflater(level, true);
    try {
      if (s.dictLen > 0) {
        d.setDictionary(s.dict, 0, s.dictLen);
      }
      d.setInput(s.in, 0, s.inLen);
      int n = 0;
      if (s.last) {
        d.finish();
        while (!d.finished()) {
          if (n == s.out.length) {
            s.out = java.util.Arrays.copyOf(s.out, s.out.length * 2);
          }
          n += d.deflate(s.out, n, s.out.length - n, Deflater.NO_FLUSH);
        }
      } else {
        while (true) {
          if (n == s.out.length) {
            s.out = java.util.Arrays.copyOf(s.out, s.out.length * 2);
          }
          int room = s.out.length - n;
          int k = d.deflate(s.out, n, room, Deflater.SYNC_FLUSH);
          n += k;
          if (k < room) {
            break;
          }
        }
      }
      s.outLen = n;
      return s;
    } finally {
      d.end();
    }
  }

  private static int readFully(InputStream in, byte[] buf) throws IOException {
    int n = 0;
    while (n < buf.length) {
      int k = in.read(buf, n, buf.length - n);
      if (k < 0) {
        break;
      }
      n += k;
    }
    return n;
  }

  private static <T> T get(Future<T> f) throws IOException, InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  /** @return a new SHA-256 digest */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * @param b bytes
   * @return them as lower-case hex
   */
  public static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.toString();
  }
}
