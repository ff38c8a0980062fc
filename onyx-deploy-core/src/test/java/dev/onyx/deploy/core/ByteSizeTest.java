package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link ByteSize}. */
class ByteSizeTest {

  private static final long K = 1024;
  private static final long M = K * K;
  private static final long G = M * K;

  @ParameterizedTest
  @CsvSource({
      "512m, 536870912",
      "2g, 2147483648",
      "1.5g, 1610612736",
      "1024, 1024",
      "10MB, 10485760",
      "1GiB, 1073741824",
      "100b, 100",
      "64k, 65536",
      "1t, 1099511627776",
      "' 2 G ', 2147483648",
      "0, 0",
      "0.5k, 512",
      "0.3k, 307",
      "1.5b, 2",
      "10ib, 10",
      "5Kb, 5120",
      "8191t, 9006099743113216",
      "0000000000000000001k, 1024"})
  void parsesComposeSizes(String text, long bytes) {
    assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "-1m", "2x", "1.g", "2 gigabytes", "1e3", "12mm", "5\u212a", "2m\u0131b", "3kbb"})
  void rejectsTextThatIsNotASize(String text) {
    assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid size '" + text + "' (expected e.g. 512m, 2g, 1024)");
  }

  @Test
  void rejectsASizeTooLargeForALong() {
    assertThatThrownBy(() -> ByteSize.parse("99999999999t")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size out of range '99999999999t'");
  }

  @Test
  void rejectsNullText() {
    assertThatThrownBy(() -> ByteSize.parse(null)).hasMessage("text == null");
  }

  @ParameterizedTest
  @CsvSource({
      "536870912, 512m",
      "2147483648, 2g",
      "1610612736, 1536m",
      "1572864, 1536k",
      "100, 100b",
      "1025, 1025b",
      "0, 0",
      "1099511627776, 1t",
      "1125899906842624, 1024t"})
  void printsTheShortestExactForm(long bytes, String text) {
    assertThat(ByteSize.ofBytes(bytes)).hasToString(text);
    assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @Test
  void makesSizesFromBinaryUnits() {
    assertThat(ByteSize.ofMebibytes(6).bytes()).isEqualTo(6 * M);
    assertThat(ByteSize.ofKibibytes(3).bytes()).isEqualTo(3 * K);
    assertThat(ByteSize.ofGibibytes(2)).isEqualTo(ByteSize.parse("2g"));
    assertThat(ByteSize.ofMebibytes(2048)).isEqualTo(ByteSize.ofGibibytes(2));
    assertThat(ByteSize.ofGibibytes(1).toMebibytes()).isEqualTo(1024);
    assertThat(ByteSize.ofBytes(M + 1).toMebibytes()).isEqualTo(1);
  }

  @Test
  void rejectsNegativeAndOverflowingSizes() {
    assertThatThrownBy(() -> ByteSize.ofBytes(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size < 0: -1");
    assertThatThrownBy(() -> ByteSize.ofGibibytes(Long.MAX_VALUE / 2)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void comparesAndAdds() {
    assertThat(ByteSize.parse("1g")).isGreaterThan(ByteSize.parse("1023m")).isEqualByComparingTo(ByteSize.ofMebibytes(1024));
    assertThat(ByteSize.parse("512m").plus(ByteSize.parse("512m"))).isEqualTo(ByteSize.ofGibibytes(1));
    assertThat(ByteSize.ofBytes(G)).isEqualTo(ByteSize.parse("1g")).hasSameHashCodeAs(ByteSize.parse("1024m"));
  }

  @ParameterizedTest
  @CsvSource({"0, 0 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB", "765041664, 729.6 MiB",
      "2147483648, 2.0 GiB", "1099511627776, 1.0 TiB", "2251799813685248, 2048.0 TiB"})
  void toHumanStringRoundsToOneDecimalInTheLargestUnit(long bytes, String expected) {
    assertThat(ByteSize.ofBytes(bytes).toHumanString()).isEqualTo(expected);
  }
}
