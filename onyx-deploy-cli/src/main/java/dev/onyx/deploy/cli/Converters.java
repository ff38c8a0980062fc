package dev.onyx.deploy.cli;

import dev.onyx.deploy.core.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values every verb reads the same way. picocli names the option in its error
 * ({@code Invalid value for option '--http-port': 70000 is not a port number (1 to 65535)}).
 *
 * <pre>
 * &#64;Option(names = "--timeout", converter = Converters.Timeout.class, defaultValue = "5m") Duration timeout;
 * </pre>
 */
final class Converters {
  private Converters() {}

  /**
   * A positive duration: a number of seconds ({@code 180}) or a compose duration ({@code 180s},
   * {@code 3m}, {@code 1m30s}).
   */
  static final class Timeout implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip();
      Duration d = v.chars().allMatch(Character::isDigit) && !v.isEmpty() && v.length() <= 12
          ? Duration.ofSeconds(Long.parseLong(v))
          : Durations.parse(v).orElseThrow(() -> new TypeConversionException("'" + value
              + "' is not a duration (seconds such as 180, or 180s, 3m, 1m30s)"));
      if (d.isZero() || d.isNegative()) {
        throw new TypeConversionException("'" + value + "' must be more than zero");
      }
      return d;
    }
  }

  /** A TCP port a service can be published on: 1 to 65535. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int p = Integer.parseInt(value.strip());
        if (p >= 1 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new TypeConversionException(value + " is not a port number (1 to 65535)");
    }
  }

  /** A file that exists, as its absolute path. */
  static final class ExistingFile implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      Path p;
      try {
        p = Path.of(value).toAbsolutePath().normalize();
      } catch (java.nio.file.InvalidPathException e) {
        throw new TypeConversionException(value + ": not a file name (" + e.getReason() + ")");
      }
      if (!Files.exists(p)) {
        throw new TypeConversionException(value + ": no such file");
      }
      if (!Files.isRegularFile(p)) {
        throw new TypeConversionException(value + ": not a file");
      }
      if (!Files.isReadable(p)) {
        throw new TypeConversionException(value + ": cannot be read (permission denied)");
      }
      return p.toString();
    }
  }
}
