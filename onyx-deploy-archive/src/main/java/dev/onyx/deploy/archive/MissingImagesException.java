package dev.onyx.deploy.archive;

import java.util.List;

/**
 * Some images of the stack are not on the engine and are neither built (their services have no
 * {@code build}) nor pulled (pull policy {@code never}). Thrown by {@link Bundle#create} before
 * anything is written.
 */
public class MissingImagesException extends ArchiveException {
  private static final long serialVersionUID = 1L;

  private final List<String> images;

  /**
   * @param images the missing image references
   * @param message what failed and what to try
   */
  public MissingImagesException(List<String> images, String message) {
    super(message);
    this.images = List.copyOf(images);
  }

  /** @return the references of the missing images, in stack order */
  public List<String> images() {
    return images;
  }
}
