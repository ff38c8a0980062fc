package dev.onyx.deploy.backup;

import dev.onyx.deploy.core.internal.ParallelDeflater;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * The backup file format (version 2).
 *
 * <pre>
 * file    = header body
 * header  = "ONYXBKUP" u8:version u8:flags [encryption]      flags bit 0: encrypted
 * body    = frame*  (AES-GCM segments of it when encrypted, see SegmentCipher)
 * frame   = u8:type u32:length bytes[length]
 *   'B' begin     JSON: project, time, tool version, online, planned items
 *   'I' item      JSON: name, kind, source                  then its content:
 *   'D' data      bytes of the item's gzip stream (1 MiB at most per frame)
 *   'E' item end  JSON: the item's size, stored size, SHA-256 (of the content) and of the stored bytes
 *   'M' manifest  JSON: BackupManifest (every item with size and SHA-256)
 *   'Z' end       32 bytes: SHA-256 of every body byte before this frame except D frames' payloads
 * </pre>
 * An item's D frames, concatenated, are a plain {@code .gz} file: the dump's SQL, or the volume's tar.
 * Every byte is covered by a checksum, and by one only (each costs a SHA-256 pass over what it
 * covers): D payloads by their item's stored SHA-256 in its E frame, everything else (the E frames
 * included) by the end frame's; a file without its end frame is truncated. Version 1 files (written
 * before version 2 saved a SHA-256 pass) have the end frame cover the D payloads too; they are read,
 * and checked, as they were written.
 */
final class BackupFile {
  static final byte[] MAGIC = "ONYXBKUP".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 2;
  /** The oldest format version read. */
  static final int OLDEST_VERSION = 1;
  /** The associated data of spool segments (their key is used once, for one spool). */
  private static final byte[] SPOOL_AAD = "onyx-deploy backup spool".getBytes(StandardCharsets.US_ASCII);
  static final int DATA_FRAME = 1 << 20;
  /** Input bytes per parallel compression chunk. */
  private static final int CHUNK = 1 << 20;
  private static final int MAX_FRAME = 16 << 20;

  private BackupFile() {
  }

  // ------------------------------------------------------------------------------------- writing

  /** Writes a backup body, frame by frame. */
  static final class Writer implements Closeable {
    private final OutputStream sink;
    private final MessageDigest bodySha = ParallelDeflater.sha256();
    private final DataOutputStream body;
    private final DigestOutputStream digesting;

    Writer(OutputStream file, @Nullable Passphrase passphrase) throws IOException {
      ByteArrayOutputStream h = new ByteArrayOutputStream();
      DataOutputStream hd = new DataOutputStream(h);
      hd.write(MAGIC);
      hd.writeByte(VERSION);
      SegmentCipher.Fresh fresh = null;
      if (passphrase != null) {
        fresh = SegmentCipher.create(passphrase);
        hd.writeByte(1);
        SegmentCipher.writeParams(hd, fresh.params());
      } else {
        hd.writeByte(0);
      }
      byte[] header = h.toByteArray();
      OutputStream raw = new BufferedOutputStream(file, 1 << 16);
      raw.write(header);
      if (fresh != null) {
        SegmentCipher c = SegmentCipher.withHeader(fresh.key(), header, fresh.params().segment());
        Arrays.fill(fresh.key(), (byte) 0);
        raw = new BufferedOutputStream(c.encrypting(raw), 1 << 16);
      }
      this.sink = raw;
      this.digesting = new DigestOutputStream(raw, bodySha);
      this.body = new DataOutputStream(digesting);
    }

    void frame(char type, byte[] payload, int off, int len) throws IOException {
      body.writeByte(type);
      body.writeInt(len);
      // a D payload is covered by its item's stored SHA-256 (in the E frame), not the end frame's
      digesting.on(type != 'D');
      body.write(payload, off, len);
      digesting.on(true);
    }

    void json(char type, Map<String, ?> value) throws IOException {
      byte[] b = ManifestJson.write(value);
      frame(type, b, 0, b.length);
    }

    private Writer(OutputStream sink) {
      this.sink = sink;
      this.digesting = new DigestOutputStream(sink, bodySha);
      this.body = new DataOutputStream(digesting);
    }

    /**
     * A spool: frames only, no file header, for an item made at the same time as others and
     * appended to the backup afterwards ({@link #append}). With a key (the backup is encrypted) the
     * spool is encrypted too, with that one-time key, so no plain data lands on disk.
     */
    static Writer spool(OutputStream file, byte @Nullable [] key) {
      OutputStream raw = new BufferedOutputStream(file, 1 << 16);
      if (key != null) {
        raw = new BufferedOutputStream(SegmentCipher.withHeader(key, SPOOL_AAD, SegmentCipher.SEGMENT).encrypting(raw),
            1 << 16);
      }
      return new Writer(raw);
    }

    /** @return a spool's frames, to {@link #append} */
    static InputStream readSpool(Path spool, byte @Nullable [] key) throws IOException {
      InputStream in = new BufferedInputStream(Files.newInputStream(spool), 1 << 16);
      return key == null ? in
          : new BufferedInputStream(SegmentCipher.withHeader(key, SPOOL_AAD, SegmentCipher.SEGMENT).decrypting(in), 1 << 16);
    }

    /** Copies a spool's frames into this body. */
    void append(InputStream spool) throws IOException {
      DataInputStream in = new DataInputStream(spool);
      byte[] buf = new byte[DATA_FRAME];
      int t;
      while ((t = in.read()) >= 0) {
        int len = in.readInt();
        byte[] b = len <= buf.length ? buf : new byte[len];
        in.readFully(b, 0, len);
        frame((char) t, b, 0, len);
      }
    }

    /** @return a stream whose bytes become D frames; closing it flushes them (the body stays open) */
    OutputStream data() {
      return new OutputStream() {
        private final byte[] buf = new byte[DATA_FRAME];
        private int len;

        @Override
        public void write(int b) throws IOException {
          if (len == buf.length) {
            flush();
          }
          buf[len++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int n) throws IOException {
          while (n > 0) {
            if (len == buf.length) {
              flush();
            }
            int k = Math.min(n, buf.length - len);
            System.arraycopy(b, off, buf, len, k);
            len += k;
            off += k;
            n -= k;
          }
        }

        @Override
        public void flush() throws IOException {
          if (len > 0) {
            frame('D', buf, 0, len);
            len = 0;
          }
        }

        @Override
        public void close() throws IOException {
          flush();
        }
      };
    }

    /**
     * Writes one item: its record, its content gzip-compressed in parallel as D frames, its end record.
     *
     * @return the item as the manifest lists it
     */
    BackupManifest.Item item(String name, BackupManifest.Kind kind, String source, InputStream content, int level,
        int threads) throws IOException {
      Map<String, Object> head = new LinkedHashMap<>();
      head.put("name", name);
      head.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
      head.put("source", source);
      json('I', head);
      MessageDigest storedSha = ParallelDeflater.sha256();
      long[] stored = {0};
      OutputStream data = data();
      OutputStream counted = new FilterOutputStream(new DigestOutputStream(data, storedSha)) {
        @Override
        public void write(int b) throws IOException {
          out.write(b);
          stored[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          stored[0] += len;
        }
      };
      gzipHeader(counted);
      ParallelDeflater.Result r = new ParallelDeflater(level, threads, CHUNK).deflate(content, counted, n -> { });
      gzipTrailer(counted, r.crc(), r.size());
      counted.flush();
      data.close();
      Map<String, Object> end = new LinkedHashMap<>();
      end.put("size", r.size());
      end.put("sha256", r.sha256());
      end.put("storedSize", stored[0]);
      end.put("storedSha256", ParallelDeflater.hex(storedSha.digest()));
      json('E', end);
      return new BackupManifest.Item(name, kind, source, r.size(), stored[0], r.sha256());
    }

    /** Writes the end frame and closes the file. */
    void finish() throws IOException {
      body.flush();
      byte[] digest = bodySha.digest();
      body.writeByte('Z');
      body.writeInt(digest.length);
      body.write(digest);
      body.flush();
      sink.close();
    }

    @Override
    public void close() throws IOException {
      sink.close();
    }
  }

  /** Writes the gzip member header (no name, no time: the manifest has them). */
  static void gzipHeader(OutputStream out) throws IOException {
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
  }

  /** Writes the gzip member trailer: CRC-32 and size mod 2^32, little-endian. */
  static void gzipTrailer(OutputStream out, long crc, long size) throws IOException {
    for (long v : new long[] {crc, size & 0xFFFFFFFFL}) {
      for (int i = 0; i < 4; i++) {
        out.write((int) (v >>> (8 * i)) & 0xFF);
      }
    }
  }

  // ------------------------------------------------------------------------------------- reading

  /** One frame's type and payload length, as read. */
  record FrameHead(char type, int length) {
  }

  /** Reads a backup file frame by frame. */
  static final class Reader implements Closeable {
    private final InputStream file;
    private final DataInputStream body;
    private final MessageDigest bodySha = ParallelDeflater.sha256();
    private final DigestInputStream digesting;
    private final boolean encrypted;
    /** The file's format version: in version 1 the end digest covers the D payloads too. */
    private final int version;
    /** Whether a verify pass has checked every stored byte already (a reader {@link #openAt} a frame). */
    private boolean storedChecked;
    private long bodyOffset;
    private @Nullable String currentItem;
    private @Nullable MessageDigest snapshot;

    private Reader(InputStream file, InputStream body, boolean encrypted, int version) {
      this.file = file;
      this.digesting = new DigestInputStream(body, bodySha);
      this.body = new DataInputStream(digesting);
      this.encrypted = encrypted;
      this.version = version;
    }

    /**
     * Opens a file already verified, positioned at a frame (an offset a verify pass recorded), for
     * reading one item: the body digest is not computed (the verify pass checked it), and a file
     * that is not encrypted is not read before the frame at all.
     *
     * @param path the file
     * @param passphrase its passphrase, or null
     * @param bodyOffset where the frame starts, in body bytes
     */
    static Reader openAt(Path path, @Nullable Passphrase passphrase, long bodyOffset) throws IOException {
      Reader r = open(path, passphrase);
      if (r.encrypted) {
        try {
          r.digesting.on(false);
          r.body.skipNBytes(bodyOffset); // the segments before it are decrypted (and authenticated) in passing
        } catch (IOException | RuntimeException e) {
          r.close();
          throw e;
        }
      } else {
        r.close();
        SeekableByteChannel ch = Files.newByteChannel(path);
        try {
          ch.position(MAGIC.length + 2 + bodyOffset);
        } catch (IOException e) {
          ch.close();
          throw e;
        }
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
        r = new Reader(in, in, false, r.version);
        r.digesting.on(false);
      }
      r.bodyOffset = bodyOffset;
      r.storedChecked = true;
      return r;
    }

    /** @return how many body bytes were read so far (where the next frame starts) */
    long bodyOffset() {
      return bodyOffset;
    }

    /**
     * @param path the file
     * @param passphrase its passphrase, or null
     * @throws CorruptBackupException when it is not a backup, or is encrypted and the passphrase is missing or wrong
     */
    static Reader open(Path path, @Nullable Passphrase passphrase) throws IOException {
      InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
      try {
        DataInputStream hd = new DataInputStream(in);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
          throw new CorruptBackupException(null, path + " is not an onyx-deploy backup (it does not start with "
              + "the backup file signature)");
        }
        header.writeBytes(magic);
        int version = hd.readUnsignedByte();
        int flags = hd.readUnsignedByte();
        header.write(version);
        header.write(flags);
        if (version > VERSION) {
          throw new CorruptBackupException(null, path + " is a backup of format version " + version
              + ", which this onyx-deploy does not read (it reads version " + VERSION + "): use a newer onyx-deploy");
        }
        if (version < OLDEST_VERSION) {
          throw new CorruptBackupException(null, "the backup's header is damaged (format version " + version + ")");
        }
        if ((flags & ~1) != 0) {
          throw new CorruptBackupException(null, "the backup's header is damaged (unknown flags " + flags + ")");
        }
        InputStream bodyIn = in;
        boolean encrypted = (flags & 1) != 0;
        if (encrypted) {
          // read the parameters while recording their bytes: the whole header is the AAD
          ByteArrayOutputStream pb = new ByteArrayOutputStream();
          SegmentCipher.Params params = SegmentCipher.readParams(new DataInputStream(new TeeInput(in, pb)));
          header.writeBytes(pb.toByteArray());
          if (passphrase == null) {
            throw new CorruptBackupException(null, "the backup is encrypted: give its passphrase (--passphrase-file)");
          }
          byte[] key = SegmentCipher.open(passphrase, params);
          bodyIn = new BufferedInputStream(SegmentCipher.withHeader(key, header.toByteArray(), params.segment())
              .decrypting(in), 1 << 16);
          Arrays.fill(key, (byte) 0);
        }
        return new Reader(in, bodyIn, encrypted, version);
      } catch (EOFException e) {
        in.close();
        throw new CorruptBackupException(null, "the backup is truncated (it ends inside its header)");
      } catch (IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    }

    boolean encrypted() {
      return encrypted;
    }

    /** @return the next frame's head; the payload is read with {@link #payload} or {@link #skip} */
    FrameHead next() throws IOException {
      snapshot = clone(bodySha);
      try {
        int t = body.read();
        if (t < 0) {
          throw truncated();
        }
        int len = body.readInt();
        bodyOffset += 5;
        if (len < 0 || len > MAX_FRAME || "BIDEMZ".indexOf((char) t) < 0) {
          throw new CorruptBackupException(currentItem, "the backup is damaged at byte " + (bodyOffset - 5)
              + " of its body" + where() + ": not a valid frame");
        }
        return new FrameHead((char) t, len);
      } catch (EOFException e) {
        throw truncated();
      }
    }

    /** @return the SHA-256 of the body up to (not including) the frame {@link #next} just read */
    byte[] digestBeforeLastFrame() {
      return snapshot == null ? new byte[0] : snapshot.digest();
    }

    byte[] payload(FrameHead h) throws IOException {
      byte[] b = new byte[h.length()];
      boolean digest = !storedChecked && (h.type() != 'D' || version == 1); // as the writer computed it
      digesting.on(digest);
      try {
        body.readFully(b);
      } catch (EOFException e) {
        throw truncated();
      } finally {
        digesting.on(!storedChecked);
      }
      bodyOffset += h.length();
      return b;
    }

    Map<String, Object> json(FrameHead h, String what) throws IOException {
      return ManifestJson.read(payload(h), what);
    }

    /** Skips a frame's payload (no checksum is computed over it: for listing only). */
    void skip(FrameHead h) throws IOException {
      body.skipNBytes(h.length());
      bodyOffset += h.length();
    }

    /** @return whether the body has no byte left */
    boolean atEnd() throws IOException {
      return body.read() < 0;
    }

    void setCurrentItem(@Nullable String item) {
      currentItem = item;
    }

    @Nullable String currentItem() {
      return currentItem;
    }

    String where() {
      return currentItem == null ? "" : " (in item " + currentItem + ")";
    }

    CorruptBackupException truncated() {
      return new CorruptBackupException(currentItem, "the backup is truncated" + where()
          + ": it ends before its end record (an interrupted copy?)");
    }

    /**
     * Reads the current item's D frames up to its E frame as the item's content (gunzipped),
     * computing the SHA-256 of the stored bytes and of the content.
     */
    ItemContent content() {
      return new ItemContent(this);
    }

    @Override
    public void close() throws IOException {
      file.close();
    }

    private static MessageDigest clone(MessageDigest d) {
      try {
        return (MessageDigest) d.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Copies what it reads into a buffer (to keep the header's bytes). */
  private static final class TeeInput extends InputStream {
    private final InputStream in;
    private final ByteArrayOutputStream copy;

    TeeInput(InputStream in, ByteArrayOutputStream copy) {
      this.in = in;
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }
  }

  /**
   * An item's content as a stream: the gunzipped D frames. At its end the E frame is read and the
   * checksums compared; any mismatch or damage throws {@link CorruptBackupException} naming the item.
   */
  static final class ItemContent extends InputStream {
    private final Reader r;
    private final MessageDigest storedSha = ParallelDeflater.sha256();
    private final MessageDigest sha = ParallelDeflater.sha256();
    private final GZIPInputStream gz;
    private long size;
    private long storedSize;
    private @Nullable Map<String, Object> end;
    private boolean finished;
    private @Nullable Result result;

    ItemContent(Reader r) {
      this.r = r;
      try {
        this.gz = new GZIPInputStream(new Frames(), 1 << 16);
      } catch (ZipException e) {
        throw damaged("its compressed data is not valid");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** The D frames' payloads, up to the E frame (which it reads and keeps). */
    private final class Frames extends InputStream {
      private byte @Nullable [] cur = new byte[0];
      private int pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int n) throws IOException {
        while (cur != null && pos == cur.length) {
          FrameHead h = r.next();
          if (h.type() == 'D') {
            cur = r.payload(h);
            pos = 0;
            if (!r.storedChecked) {
              storedSha.update(cur);
            }
            storedSize += cur.length;
          } else if (h.type() == 'E') {
            try {
              end = r.json(h, "item record" + r.where());
            } catch (CorruptBackupException e) {
              throw damaged("its end record is not readable");
            }
            cur = null;
          } else {
            throw damaged("a '" + h.type() + "' record stands inside its data");
          }
        }
        if (cur == null) {
          return -1;
        }
        int k = Math.min(n, cur.length - pos);
        System.arraycopy(cur, pos, b, off, k);
        pos += k;
        return k;
      }
    }

    private CorruptBackupException damaged(String why) {
      return new CorruptBackupException(r.currentItem(), "the backup is damaged in item " + r.currentItem() + ": " + why);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
      if (finished) {
        return -1;
      }
      int k;
      try {
        k = gz.read(b, off, n);
      } catch (ZipException e) {
        throw damaged("its compressed data is not valid (" + e.getMessage() + ")");
      } catch (EOFException e) {
        throw damaged("its compressed data ends early");
      }
      if (k < 0) {
        finish();
        return -1;
      }
      sha.update(b, off, k);
      size += k;
      return k;
    }

    /** Reads to the item's end (if not there yet) and checks its checksums. */
    Result finish() throws IOException {
      if (!finished) {
        byte[] buf = new byte[1 << 16];
        int k;
        while (!finished && (k = readGz(buf)) >= 0) {
          sha.update(buf, 0, k);
          size += k;
        }
        finished = true;
        // the gzip reader may stop right at the member's end: drain to the E frame
        Frames f = new Frames();
        while (end == null && f.read(buf, 0, buf.length) >= 0) {
          // trailing bytes after the gzip member would be damage
          throw damaged("bytes follow its compressed data");
        }
        if (end == null) {
          throw damaged("its end record is missing");
        }
        String wantStored = String.valueOf(end.get("storedSha256"));
        String want = String.valueOf(end.get("sha256"));
        String gotStored = ParallelDeflater.hex(storedSha.digest());
        String got = ParallelDeflater.hex(sha.digest());
        if (!r.storedChecked && !wantStored.equals(gotStored)) {
          throw damaged("its stored bytes do not match their SHA-256");
        }
        if (!want.equals(got) || !(end.get("size") instanceof Number s) || s.longValue() != size) {
          throw damaged("its content does not match its SHA-256");
        }
        result = new Result(size, storedSize, got);
      }
      return result;
    }

    private int readGz(byte[] buf) throws IOException {
      try {
        return gz.read(buf, 0, buf.length);
      } catch (ZipException e) {
        throw damaged("its compressed data is not valid (" + e.getMessage() + ")");
      } catch (EOFException e) {
        throw damaged("its compressed data ends early");
      }
    }

    /** Does not close the file: the reader goes on with the next frame. */
    @Override
    public void close() {
    }
  }

  /** An item's checked sizes and content hash. */
  record Result(long size, long storedSize, String sha256) {
  }
}
