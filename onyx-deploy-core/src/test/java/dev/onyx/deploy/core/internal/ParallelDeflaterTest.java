package dev.onyx.deploy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Tests for {@link ParallelDeflater}. */
public class ParallelDeflaterTest {

  /** Half random, half repetitive text, so chunks both compress and refer across chunk cuts. */
  public static byte[] sample(int size, long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[size];
    String text = "layer.tar usr/lib/x86_64-linux-gnu/libc.so.6 postgresql redis nginx ";
    for (int i = 0; i < size; i++) {
      b[i] = (i / 4096) % 2 == 0 ? (byte) r.nextInt(256) : (byte) text.charAt(Math.floorMod(i * 7 + (int) seed, text.length()));
    }
    return b;
  }

  public static byte[] inflate(byte[] raw) throws Exception {
    Inflater inf = new Inflater(true);
    inf.setInput(raw);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    while (!inf.finished()) {
      int n = inf.inflate(buf);
      if (n == 0 && inf.needsInput() && !inf.finished()) {
        throw new IllegalStateException("truncated deflate stream");
      }
      out.write(buf, 0, n);
    }
    assertThat(inf.getRemaining()).as("bytes after the final block").isZero();
    inf.end();
    return out.toByteArray();
  }

  private static ParallelDeflater.Result run(byte[] data, int level, int threads, int chunk, ByteArrayOutputStream out)
      throws IOException {
    return new ParallelDeflater(level, threads, chunk).deflate(new ByteArrayInputStream(data), out, n -> { });
  }

  @Test
  void chunksFormOneDeflateStreamThatInflatesToTheInput() throws Exception {
    byte[] data = sample(3 * 65536 + 12345, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelDeflater.Result r = run(data, 6, 3, 65536, out);

    assertThat(inflate(out.toByteArray())).isEqualTo(data);
    CRC32 crc = new CRC32();
    crc.update(data);
    assertThat(r.crc()).isEqualTo(crc.getValue());
    assertThat(r.size()).isEqualTo(data.length);
    assertThat(r.compressedSize()).isEqualTo(out.size());
    assertThat(r.sha256()).isEqualTo(ParallelDeflater.hex(MessageDigest.getInstance("SHA-256").digest(data)));
  }

  @Test
  void sizeIsCloseToOneSingleThreadedDeflate() throws Exception {
    byte[] data = sample(8 * 65536, 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    run(data, 6, 2, 65536, out);
    Deflater d = new Deflater(6, true);
    d.setInput(data);
    d.finish();
    byte[] buf = new byte[data.length * 2];
    int n = 0;
    while (!d.finished()) {
      n += d.deflate(buf, n, buf.length - n);
    }
    d.end();
    byte[] single = java.util.Arrays.copyOf(buf, n);
    assertThat((double) out.size()).isLessThan(single.length * 1.02);
  }

  @Test
  void handlesEmptyInputAndExactChunkMultiples() throws Exception {
    ByteArrayOutputStream empty = new ByteArrayOutputStream();
    ParallelDeflater.Result r = run(new byte[0], 6, 2, 65536, empty);
    assertThat(inflate(empty.toByteArray())).isEmpty();
    assertThat(r.size()).isZero();

    byte[] exact = sample(4 * 65536, 3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    run(exact, 1, 2, 65536, out);
    assertThat(inflate(out.toByteArray())).isEqualTo(exact);
  }

  @Test
  void everyLevelRoundTrips() throws Exception {
    byte[] data = sample(200_000, 4);
    for (int level = Deflater.NO_COMPRESSION; level <= Deflater.BEST_COMPRESSION; level++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      run(data, level, 2, 65536, out);
      assertThat(inflate(out.toByteArray())).as("level " + level).isEqualTo(data);
    }
  }

  @Test
  void aFailingInputFailsTheCompression() {
    InputStream failing = new InputStream() {
      int n;

      @Override
      public int read() throws IOException {
        if (++n > 300_000) {
          throw new IOException("engine went away");
        }
        return n & 0xFF;
      }
    };
    assertThatThrownBy(() -> new ParallelDeflater(6, 2, 65536).deflate(failing, new ByteArrayOutputStream(), n -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining("engine went away");
  }

  @Test
  void rejectsLevelsOutsideZeroToNine() {
    assertThatThrownBy(() -> new ParallelDeflater(10, 1, 65536)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("compression level 10 is not in 0..9");
  }
}
