package dev.onyx.deploy.backup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passphrase encryption of a backup body: AES-256-GCM over fixed-size segments (the STREAM
 * construction of Hoang, Reyhanitabar, Rogaway and Vizár, as used by age and Tink), so that memory
 * stays flat and every segment is authenticated before any of its bytes is used.
 *
 * <ul>
 *   <li>Key: PBKDF2WithHmacSHA256 (the JDK's; NIST SP 800-132) over the passphrase with a random
 *       16-byte salt and {@value #ITERATIONS} iterations (OWASP's 2023 figure for this PRF), 512
 *       bits: the first 256 are the AES key, the last 256 a check value whose SHA-256 prefix the
 *       header carries, so a wrong passphrase is told apart from a damaged file.</li>
 *   <li>Segment {@code i}: nonce = 4 zero bytes + {@code i} as 8 bytes big-endian (the key is
 *       unique per file, by its salt); associated data = the whole plaintext header + one byte,
 *       1 for the last segment and 0 otherwise, so a truncated or reordered file fails to
 *       decrypt.</li>
 * </ul>
 * Why not Argon2 or scrypt: they are not in the JDK and this project adds no crypto library;
 * PBKDF2-HMAC-SHA256 at this count costs an attacker about as much per guess as it costs us
 * (about half a second), which is what a backup opened a few times needs.
 */
final class SegmentCipher {
  static final String KDF = "PBKDF2WithHmacSHA256";
  static final int ITERATIONS = 600_000;
  static final int SEGMENT = 256 * 1024;
  private static final int TAG = 16;
  private static final int CHECK = 16;

  /** Key material and the header fields that go with it. */
  record Params(int iterations, byte[] salt, byte[] check, int segment) {
  }

  private final byte[] key;
  private final byte[] aadPrefix;
  private final int segment;

  private SegmentCipher(byte[] key, byte[] aadPrefix, int segment) {
    this.key = key;
    this.aadPrefix = aadPrefix;
    this.segment = segment;
  }

  /** Fresh header parameters and the key they lead to. */
  record Fresh(Params params, byte[] key) {
  }

  /** @return fresh parameters with a random salt, and the key (the AAD is set by {@link #withHeader}) */
  static Fresh create(Passphrase p) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    byte[][] k = derive(p, salt, ITERATIONS);
    return new Fresh(new Params(ITERATIONS, salt, k[1], SEGMENT), k[0]);
  }

  /**
   * Derives the key for an existing file and checks the passphrase against the header.
   *
   * @throws CorruptBackupException when the passphrase is not the one the file was made with
   */
  static byte[] open(Passphrase p, Params params) {
    if (params.iterations() < 1000 || params.iterations() > 50_000_000) {
      throw new CorruptBackupException(null, "the backup's encryption header is damaged (iteration count "
          + params.iterations() + ")");
    }
    byte[][] k = derive(p, params.salt(), params.iterations());
    if (!MessageDigest.isEqual(k[1], params.check())) {
      throw new CorruptBackupException(null, "the passphrase does not open this backup");
    }
    return k[0];
  }

  static SegmentCipher withHeader(byte[] key, byte[] header, int segment) {
    return new SegmentCipher(key, header.clone(), segment);
  }

  private static byte[][] derive(Passphrase p, byte[] salt, int iterations) {
    char[] c = p.chars();
    PBEKeySpec spec = new PBEKeySpec(c, salt, iterations, 512);
    try {
      byte[] all = SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
      byte[] check = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(all, 32, 64)), CHECK);
      byte[] key = Arrays.copyOf(all, 32);
      Arrays.fill(all, (byte) 0);
      return new byte[][] {key, check};
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks " + KDF + " or SHA-256", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(c, '\0');
    }
  }

  static void writeParams(DataOutputStream out, Params p) throws IOException {
    out.writeByte(1); // the KDF: PBKDF2WithHmacSHA256
    out.writeInt(p.iterations());
    out.writeByte(p.salt().length);
    out.write(p.salt());
    out.writeByte(p.check().length);
    out.write(p.check());
    out.writeInt(p.segment());
  }

  static Params readParams(DataInputStream in) throws IOException {
    int kdf = in.readUnsignedByte();
    if (kdf != 1) {
      throw new CorruptBackupException(null, "the backup uses an unknown key derivation (" + kdf + "): made by a newer onyx-deploy?");
    }
    int it = in.readInt();
    byte[] salt = in.readNBytes(in.readUnsignedByte());
    byte[] check = in.readNBytes(in.readUnsignedByte());
    int seg = in.readInt();
    if (salt.length < 8 || check.length != CHECK || seg < 1024 || seg > (16 << 20)) {
      throw new CorruptBackupException(null, "the backup's encryption header is damaged");
    }
    return new Params(it, salt, check, seg);
  }

  private Cipher cipher(int mode, long index, boolean last) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(index).array();
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
    c.updateAAD(aadPrefix);
    c.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
    return c;
  }

  /** @return a stream that encrypts into {@code out}; closing it writes the last segment and closes {@code out} */
  OutputStream encrypting(OutputStream out) {
    return new OutputStream() {
      private final byte[] buf = new byte[segment];
      private int len;
      private long index;
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int n) throws IOException {
        while (n > 0) {
          if (len == segment) {
            seal(false);
          }
          int k = Math.min(n, segment - len);
          System.arraycopy(b, off, buf, len, k);
          len += k;
          off += k;
          n -= k;
        }
      }

      private void seal(boolean last) throws IOException {
        try {
          out.write(cipher(Cipher.ENCRYPT_MODE, index++, last).doFinal(buf, 0, len));
        } catch (GeneralSecurityException e) {
          throw new IOException("encryption failed", e);
        }
        len = 0;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          seal(true);
          out.close();
        }
      }
    };
  }

  /** @return a stream of the plaintext of {@code in}; it fails with {@link CorruptBackupException} on any tampering */
  InputStream decrypting(InputStream in) {
    return new InputStream() {
      private byte[] next;
      private int nextLen;
      private byte[] plain = new byte[0];
      private int pos;
      private long index;
      private boolean done;

      private boolean advance() throws IOException {
        if (done) {
          return false;
        }
        if (next == null) {
          next = new byte[segment + TAG];
          nextLen = in.readNBytes(next, 0, next.length);
        }
        byte[] cur = next;
        int curLen = nextLen;
        if (curLen < TAG) {
          throw new CorruptBackupException(null, "the backup is truncated (encrypted data ends early)");
        }
        boolean last;
        if (curLen < segment + TAG) {
          last = true;
        } else {
          next = new byte[segment + TAG];
          nextLen = in.readNBytes(next, 0, next.length);
          last = nextLen == 0;
        }
        try {
          plain = cipher(Cipher.DECRYPT_MODE, index, last).doFinal(cur, 0, curLen);
        } catch (javax.crypto.AEADBadTagException e) {
          throw new CorruptBackupException(null, "the backup is damaged: encrypted segment " + index
              + " (at byte " + index * (segment + TAG) + " of the encrypted data) fails its authentication check"
              + (last ? ", or the file is truncated" : ""));
        } catch (GeneralSecurityException e) {
          throw new IOException("decryption failed", e);
        }
        index++;
        pos = 0;
        done = last;
        return true;
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int n) throws IOException {
        if (n == 0) {
          return 0;
        }
        while (pos == plain.length) {
          if (!advance()) {
            return -1;
          }
        }
        int k = Math.min(n, plain.length - pos);
        System.arraycopy(plain, pos, b, off, k);
        pos += k;
        return k;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
