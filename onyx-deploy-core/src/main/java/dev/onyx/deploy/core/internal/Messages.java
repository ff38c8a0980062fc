package dev.onyx.deploy.core.internal;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Failures described in words for people: the onyx-deploy modules put these into their messages
 * instead of an exception's {@code toString()}, which starts with a Java class name
 * ({@code java.nio.file.NoSuchFileException: /x}) that means nothing to a user.
 */
public final class Messages {
  private Messages() {}

  /**
   * @param failure a failure, typically an I/O one
   * @return what went wrong, e.g. {@code no such file or folder: /x}, {@code permission denied: /x},
   *     {@code connection refused}; never a class name
   */
  public static String describe(Throwable failure) {
    Throwable t = failure;
    if (t instanceof FileSystemException f) {
      String file = f.getFile() == null ? "" : f.getFile();
      String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
      if (f instanceof NoSuchFileException) {
        return "no such file or folder: " + file + other;
      } else if (f instanceof AccessDeniedException) {
        return "permission denied: " + file + other;
      } else if (f instanceof FileAlreadyExistsException) {
        return "already exists: " + file + other;
      } else if (f instanceof NotDirectoryException) {
        return "not a folder: " + file;
      } else if (f instanceof DirectoryNotEmptyException) {
        return "folder not empty: " + file;
      }
      return file + other + (f.getReason() == null ? "" : ": " + f.getReason());
    }
    String message = t.getMessage();
    if (t instanceof java.net.UnknownHostException) {
      return "unknown host " + message;
    }
    if (message != null && !message.isBlank()) {
      return message.strip();
    }
    return words(t.getClass().getSimpleName());
  }

  /** {@code EOFException} -> {@code end of file}: what a message-less failure's name says. */
  private static String words(String className) {
    String name = className.replaceAll("(Exception|Error)$", "");
    String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2");
    String w = spaced.toLowerCase(Locale.ROOT).strip();
    return switch (w) {
      case "eof" -> "unexpected end of file";
      case "" -> "unknown failure";
      default -> w;
    };
  }
}
