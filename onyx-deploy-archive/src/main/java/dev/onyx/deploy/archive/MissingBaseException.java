package dev.onyx.deploy.archive;

/**
 * An incremental bundle was loaded on an engine that lacks what it was made on: the message names the
 * base (the earlier bundle, or the inventory) to load first. Nothing was loaded.
 */
public final class MissingBaseException extends ArchiveException {
  private static final long serialVersionUID = 1L;

  private final transient BundleManifest.Base base;

  MissingBaseException(BundleManifest.Base base, String message) {
    super(message);
    this.base = base;
  }

  /** @return what the bundle was made on, which the engine lacks */
  public BundleManifest.Base base() {
    return base;
  }
}
