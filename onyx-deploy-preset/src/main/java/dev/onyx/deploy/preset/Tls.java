package dev.onyx.deploy.preset;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether nginx serves HTTPS, and with which certificate.
 *
 * <pre>
 * Tls.off()                                                  // HTTP only (the default)
 * Tls.ownCertificates("certs/onyx.crt", "certs/onyx.key")   // PEM files on the deploying machine
 * </pre>
 *
 * <p>With own certificates the certificate becomes a stack config and the key a stack secret (both
 * read from the files when deploying), nginx gets a {@code listen 443 ssl} server with the same
 * routes as port 80, and publishes the HTTPS port. Port 80 keeps serving (as upstream, no redirect).
 */
public final class Tls {
  private static final Tls OFF = new Tls(null, null);

  private final @Nullable String certificateFile;
  private final @Nullable String keyFile;

  private Tls(@Nullable String certificateFile, @Nullable String keyFile) {
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
  }

  /** @return no TLS: nginx serves HTTP only */
  public static Tls off() {
    return OFF;
  }

  /**
   * @param certificateFile the PEM certificate (chain) on the deploying machine; relative paths are
   *     resolved against the project folder
   * @param keyFile the PEM private key on the deploying machine
   * @return TLS with these files
   */
  public static Tls ownCertificates(String certificateFile, String keyFile) {
    Objects.requireNonNull(certificateFile, "certificateFile == null");
    Objects.requireNonNull(keyFile, "keyFile == null");
    if (certificateFile.isBlank() || keyFile.isBlank()) {
      throw new IllegalArgumentException("TLS certificate and key file must not be blank");
    }
    return new Tls(certificateFile, keyFile);
  }

  /** @return whether nginx serves HTTPS */
  public boolean enabled() {
    return certificateFile != null;
  }

  /** @return the certificate file, when enabled */
  public Optional<String> certificateFile() {
    return Optional.ofNullable(certificateFile);
  }

  /** @return the private key file, when enabled */
  public Optional<String> keyFile() {
    return Optional.ofNullable(keyFile);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tls t && Objects.equals(certificateFile, t.certificateFile)
        && Objects.equals(keyFile, t.keyFile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(certificateFile, keyFile);
  }

  @Override
  public String toString() {
    return enabled() ? "Tls[certificate=" + certificateFile + ", key=" + keyFile + "]" : "Tls[off]";
  }
}
