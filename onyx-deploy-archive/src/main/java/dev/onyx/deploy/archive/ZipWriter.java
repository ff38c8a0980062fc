package dev.onyx.deploy.archive;

import dev.onyx.deploy.core.internal.ParallelDeflater;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal streaming zip writer over a {@link FileChannel}: small entries are given whole (stored
 * or deflated in memory), one large entry can be streamed as raw deflate data produced elsewhere
 * (the {@link ParallelDeflater}), and its CRC and sizes are patched into the local header with
 * positional writes when it is done, so no data descriptor is needed. ZIP64 records are written
 * only where a size, an offset or the entry count needs them (like commons-compress
 * {@code Zip64Mode.AsNeeded}); a streamed entry always carries a ZIP64 extra field in its local
 * header, because its size is not known in advance.
 *
 * <p>Why not {@code ZipArchiveOutputStream}: its raw-entry path ({@code addRawArchiveEntry}) needs
 * the CRC and sizes before the data, which a streamed, parallel-compressed entry cannot give without
 * buffering it first (to a temporary file, as {@code ParallelScatterZipCreator} does).
 */
final class ZipWriter implements Closeable {
  private static final int LOCAL_SIG = 0x04034b50;
  private static final int CENTRAL_SIG = 0x02014b50;
  private static final int EOCD_SIG = 0x06054b50;
  private static final int ZIP64_EOCD_SIG = 0x06064b50;
  private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
  private static final long MAGIC32 = 0xFFFFFFFFL;
  private static final int UTF8_FLAG = 0x0800;
  private static final int MADE_BY_UNIX = 3 << 8;

  private record Central(byte[] name, int method, int dosTime, long crc, long csize, long size,
      long offset, int unixMode, boolean streamed) {
  }

  private final long zip64From;
  private final FileChannel channel;
  private final CountingOutputStream out;
  private final int dosTime;
  private final List<Central> entries = new ArrayList<>();
  private boolean streaming;

  /**
   * @param channel an empty file opened for writing (positioned at 0)
   * @param time the modification time given to every entry (UTC)
   */
  ZipWriter(FileChannel channel, LocalDateTime time) {
    this(channel, time, MAGIC32);
  }

  /** @param zip64From sizes and offsets from which ZIP64 records are used (tests force them with 0) */
  ZipWriter(FileChannel channel, LocalDateTime time, long zip64From) {
    this.zip64From = zip64From;
    this.channel = channel;
    this.out = new CountingOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
    this.dosTime = dosTime(time);
  }

  /** @return bytes written so far */
  long position() {
    return out.count;
  }

  /**
   * Adds a whole entry.
   *
   * @param name the path in the zip
   * @param data the content
   * @param unixMode the file mode, e.g. {@code 0644}
   * @param level the deflate level; 0 (or data that does not shrink) stores it
   */
  void add(String name, byte[] data, int unixMode, int level) throws IOException {
    checkIdle();
    CRC32 crc = new CRC32();
    crc.update(data);
    byte[] body = data;
    int method = 0;
    if (level > 0 && data.length > 64) {
      byte[] packed = deflate(data, level);
      if (packed.length < data.length) {
        body = packed;
        method = 8;
      }
    }
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    long offset = out.count;
    ByteBuffer h = le(30 + n.length);
    h.putInt(LOCAL_SIG).putShort((short) 20).putShort((short) UTF8_FLAG).putShort((short) method)
        .putInt(dosTime).putInt((int) crc.getValue()).putInt(body.length).putInt(data.length)
        .putShort((short) n.length).putShort((short) 0).put(n);
    out.write(h.array());
    out.write(body);
    entries.add(new Central(n, method, dosTime, crc.getValue(), body.length, data.length, offset,
        unixMode, false));
  }

  /**
   * Starts a streamed, raw-deflated entry: writes its local header (with a ZIP64 extra field to be
   * filled) and returns the stream its raw deflate data goes to. Finish it with
   * {@link #endStreamed(long, long, long)}.
   */
  OutputStream beginStreamed(String name, int unixMode) throws IOException {
    checkIdle();
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    long offset = out.count;
    ByteBuffer h = le(30 + n.length + 20);
    h.putInt(LOCAL_SIG).putShort((short) 45).putShort((short) UTF8_FLAG).putShort((short) 8)
        .putInt(dosTime).putInt(0).putInt((int) MAGIC32).putInt((int) MAGIC32)
        .putShort((short) n.length).putShort((short) 20).put(n)
        .putShort((short) 0x0001).putShort((short) 16).putLong(0).putLong(0);
    out.write(h.array());
    streaming = true;
    entries.add(new Central(n, 8, dosTime, 0, 0, 0, offset, unixMode, true));
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }
    };
  }

  /**
   * Ends the streamed entry: patches its CRC and sizes into the local header.
   *
   * @param crc the CRC-32 of the uncompressed data
   * @param size the uncompressed size
   * @param csize the compressed size (must equal the bytes written to the stream)
   */
  void endStreamed(long crc, long size, long csize) throws IOException {
    if (!streaming) {
      throw new IllegalStateException("no streamed entry");
    }
    streaming = false;
    Central c = entries.remove(entries.size() - 1);
    long written = out.count - c.offset() - 30 - c.name().length - 20;
    if (written != csize) {
      throw new IOException("streamed entry " + new String(c.name(), StandardCharsets.UTF_8)
          + ": " + written + " bytes written but " + csize + " reported");
    }
    out.flush();
    ByteBuffer crcAndSizes = le(12);
    crcAndSizes.putInt((int) crc);
    boolean big = size >= Math.min(zip64From, MAGIC32) || csize >= Math.min(zip64From, MAGIC32);
    crcAndSizes.putInt(big ? (int) MAGIC32 : (int) csize).putInt(big ? (int) MAGIC32 : (int) size);
    crcAndSizes.flip();
    writeAt(crcAndSizes, c.offset() + 14);
    ByteBuffer extra = le(16).putLong(size).putLong(csize);
    extra.flip();
    writeAt(extra, c.offset() + 30 + c.name().length + 4);
    entries.add(new Central(c.name(), 8, c.dosTime(), crc, csize, size, c.offset(), c.unixMode(), true));
  }

  /** Writes the central directory and the end records, and flushes. The channel stays open. */
  void finish() throws IOException {
    checkIdle();
    long cdStart = out.count;
    for (Central c : entries) {
      boolean bigSize = c.size() >= zip64From || c.csize() >= zip64From;
      boolean bigOffset = c.offset() >= zip64From;
      int extraLen = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
      ByteBuffer h = le(46 + c.name().length + (extraLen > 0 ? 4 + extraLen : 0));
      int version = bigSize || bigOffset || c.streamed() ? 45 : 20;
      int mode = c.unixMode() | 0100000;
      h.putInt(CENTRAL_SIG).putShort((short) (MADE_BY_UNIX | version)).putShort((short) version)
          .putShort((short) UTF8_FLAG).putShort((short) c.method()).putInt(c.dosTime())
          .putInt((int) c.crc())
          .putInt(bigSize ? (int) MAGIC32 : (int) c.csize())
          .putInt(bigSize ? (int) MAGIC32 : (int) c.size())
          .putShort((short) c.name().length).putShort((short) (extraLen > 0 ? 4 + extraLen : 0))
          .putShort((short) 0).putShort((short) 0).putShort((short) 0)
          .putInt(mode << 16)
          .putInt(bigOffset ? (int) MAGIC32 : (int) c.offset())
          .put(c.name());
      if (extraLen > 0) {
        h.putShort((short) 0x0001).putShort((short) extraLen);
        if (bigSize) {
          h.putLong(c.size()).putLong(c.csize());
        }
        if (bigOffset) {
          h.putLong(c.offset());
        }
      }
      out.write(h.array());
    }
    long cdEnd = out.count;
    long cdSize = cdEnd - cdStart;
    boolean z64 = entries.size() >= 0xFFFF || cdStart >= zip64From || cdSize >= zip64From;
    if (z64) {
      ByteBuffer r = le(56 + 20);
      r.putInt(ZIP64_EOCD_SIG).putLong(44).putShort((short) (MADE_BY_UNIX | 45)).putShort((short) 45)
          .putInt(0).putInt(0).putLong(entries.size()).putLong(entries.size()).putLong(cdSize)
          .putLong(cdStart);
      r.putInt(ZIP64_LOCATOR_SIG).putInt(0).putLong(cdEnd).putInt(1);
      out.write(r.array());
    }
    ByteBuffer e = le(22);
    e.putInt(EOCD_SIG).putShort((short) 0).putShort((short) 0)
        .putShort((short) (z64 ? 0xFFFF : entries.size()))
        .putShort((short) (z64 ? 0xFFFF : entries.size()))
        .putInt(z64 ? (int) MAGIC32 : (int) cdSize).putInt(z64 ? (int) MAGIC32 : (int) cdStart)
        .putShort((short) 0);
    out.write(e.array());
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }

  private void writeAt(ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      pos += channel.write(b, pos);
    }
  }

  private void checkIdle() {
    if (streaming) {
      throw new IllegalStateException("a streamed entry is open");
    }
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] deflate(byte[] data, int level) {
    Deflater d = new Deflater(level, true);
    try {
      d.setInput(data);
      d.finish();
      byte[] buf = new byte[data.length + data.length / 8 + 64];
      int n = 0;
      while (!d.finished()) {
        if (n == buf.length) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        n += d.deflate(buf, n, buf.length - n);
      }
      return java.util.Arrays.copyOf(buf, n);
    } finally {
      d.end();
    }
  }

  static int dosTime(LocalDateTime t) {
    int year = Math.max(1980, Math.min(2107, t.getYear()));
    return ((year - 1980) << 25) | (t.getMonthValue() << 21) | (t.getDayOfMonth() << 16)
        | (t.getHour() << 11) | (t.getMinute() << 5) | (t.getSecond() >> 1);
  }

  static LocalDateTime utc(java.time.Instant i) {
    return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
