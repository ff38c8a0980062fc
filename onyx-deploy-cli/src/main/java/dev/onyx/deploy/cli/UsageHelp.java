package dev.onyx.deploy.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage help whose option and parameter descriptions wrap at spaces only. picocli wraps them with
 * the JDK's line-break rules, which split values such as {@code v4.6.1} or
 * {@code mirror.local:5000/} after a dot or colon; a value cut in two cannot be copied from the
 * help.
 */
final class UsageHelp extends CommandLine.Help {
  /** How far picocli indents the continuation lines of a description. */
  private static final String CONTINUATION = "  ";

  UsageHelp(CommandSpec spec, ColorScheme colors) {
    super(spec, colors);
  }

  @Override
  public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
      ColorScheme scheme) {
    int width = commandSpec().usageMessage().width();
    int longOptionsWidth = calcLongOptionColumnWidth(options, positionals, scheme);
    // picocli's default columns: marker 2, short option 2, comma 1, long options, then the
    // description, which is indented by one.
    int descriptionWidth = width - 5 - longOptionsWidth - 1;
    IOptionRenderer options0 = createDefaultOptionRenderer();
    IParameterRenderer parameters0 = createDefaultParameterRenderer();
    return new Layout(scheme, TextTable.forDefaultColumns(scheme, longOptionsWidth, width),
        (option, labels, s) -> rewrap(options0.render(option, labels, s), descriptionWidth, s),
        (param, labels, s) -> rewrap(parameters0.render(param, labels, s), descriptionWidth, s));
  }

  /** Re-lays the last column of picocli's rows as lines that fit {@code width}, broken at spaces. */
  private static Ansi.Text[][] rewrap(Ansi.Text[][] rows, int width, ColorScheme scheme) {
    List<Ansi.Text[]> out = new ArrayList<>();
    for (Ansi.Text[] row : rows) {
      int last = row.length - 1;
      List<String> lines = wrap(row[last].plainString(), width, width - CONTINUATION.length());
      for (int i = 0; i < lines.size(); i++) {
        Ansi.Text[] r = i == 0 ? row.clone() : blankRow(row.length, scheme);
        r[last] = scheme.ansi().new Text(i == 0 ? lines.get(i) : CONTINUATION + lines.get(i), scheme);
        out.add(r);
      }
    }
    return out.toArray(new Ansi.Text[0][]);
  }

  private static Ansi.Text[] blankRow(int columns, ColorScheme scheme) {
    Ansi.Text[] r = new Ansi.Text[columns];
    for (int i = 0; i < columns; i++) {
      r[i] = scheme.ansi().new Text("", scheme);
    }
    return r;
  }

  /**
   * @param text the text
   * @param first how wide the first line may be
   * @param rest how wide the other lines may be
   * @return the text broken into lines at spaces only; a word longer than a line stays whole
   */
  static List<String> wrap(String text, int first, int rest) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split(" +")) {
      int width = lines.isEmpty() ? first : rest;
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
