package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** Tests for {@link UsageHelp}: no value in a verb's help is split across two lines. */
class HelpTextTest {
  private static List<CommandLine> everyVerb() {
    CommandLine root = OnyxDeploy.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<CommandLine> all = new ArrayList<>(List.of(root));
    for (CommandLine verb : root.getSubcommands().values()) {
      all.add(verb);
      all.addAll(verb.getSubcommands().values());
    }
    return all;
  }

  @Test
  void everyWordOfEveryOptionDescriptionStaysOnOneLine() {
    int words = 0;
    for (CommandLine verb : everyVerb()) {
      String usage = verb.getUsageMessage(CommandLine.Help.Ansi.OFF);
      List<ArgSpec> args = new ArrayList<>(verb.getCommandSpec().options());
      args.addAll(verb.getCommandSpec().positionalParameters());
      for (ArgSpec arg : args) {
        if (arg.hidden()) {
          continue;
        }
        for (String line : arg.description()) {
          for (String word : line.split("\\s+")) {
            if (word.isEmpty() || word.contains("${")) {
              continue;
            }
            assertThat(usage).as("'%s' in the help of %s", word, verb.getCommandSpec().qualifiedName()).contains(word);
            words++;
          }
        }
      }
    }
    assertThat(words).isGreaterThan(500);
  }

  @Test
  void wrapsAtSpacesOnly() {
    assertThat(UsageHelp.wrap("Registry prefix for every image, e.g. mirror.local:5000/ (air-gapped mirrors).", 40, 40))
        .containsExactly("Registry prefix for every image, e.g.", "mirror.local:5000/ (air-gapped mirrors).");
    assertThat(UsageHelp.wrap("short", 40, 38)).containsExactly("short");
    assertThat(UsageHelp.wrap("averyveryverylongwordthatdoesnotfit and more", 10, 8))
        .containsExactly("averyveryverylongwordthatdoesnotfit", "and more");
  }

  @Test
  void theTagOptionShowsTheWholeDefaultVersion() {
    CommandLine compose = everyVerb().stream().filter(c -> c.getCommandName().equals("compose")).findFirst().orElseThrow();
    assertThat(compose.getUsageMessage(CommandLine.Help.Ansi.OFF)).contains("v4.6.1").contains("mirror.local:5000/");
  }
}
