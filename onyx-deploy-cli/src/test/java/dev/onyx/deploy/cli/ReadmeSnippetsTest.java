package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * README stays true: its Java snippets are the {@code tag::} regions of the example programs (which
 * their own tests run), and every option its command-line table names exists on the verb it is
 * written with. Runs from this module's folder, next to README and examples/.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);
  private static final Pattern REGION =
      Pattern.compile("// tag::([a-z-]+)\\[\\]\\n(.*?)\\n[ \\t]*// end::\\1\\[\\]", Pattern.DOTALL);

  private static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"));
  }

  /** @return every example region, by file and name, without its common indentation */
  static Map<String, String> regions() throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("examples/src/main/java/dev/onyx/deploy/examples"))) {
      for (Path f : files.sorted().toList()) {
        Matcher m = REGION.matcher(Files.readString(f));
        while (m.find()) {
          regions.put(f.getFileName() + "#" + m.group(1), dedent(m.group(2)));
        }
      }
    }
    return regions;
  }

  static String dedent(String text) {
    List<String> lines = text.lines().toList();
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
  }

  @Test
  void everyJavaSnippetOfTheReadmeIsARegionOfAnExampleProgram() throws IOException {
    Map<String, String> regions = regions();
    assertThat(regions).containsKeys("WriteComposeProject.java#model", "WriteComposeProject.java#write",
        "DeployAndWatch.java#deploy", "OfflineBundle.java#bundle", "CustomiseOnyxPreset.java#preset");
    List<String> snippets = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(readme());
    while (m.find()) {
      snippets.add(m.group(1));
    }
    assertThat(snippets).isNotEmpty();
    for (String snippet : snippets) {
      assertThat(regions.values()).as("README snippet not found in examples/:%n%s", snippet).contains(snippet);
    }
    // and every region is shown: an example nobody reads about is one nobody copies from
    assertThat(snippets).containsExactlyInAnyOrderElementsOf(regions.values());
  }

  @Test
  void everyOptionInTheCommandLineTableExistsOnItsVerb() throws IOException {
    CommandLine cl = OnyxDeploy.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    String readme = readme();
    String table = readme.substring(readme.indexOf("| verb | what it does |"));
    table = table.substring(0, table.indexOf("\n\n"));
    Pattern command = Pattern.compile("`([a-z]+(?: [a-z]+)?)((?: [^`]*)?)`");
    int checked = 0;
    for (String row : table.split("\n")) {
      if (!row.startsWith("| `")) {
        continue;
      }
      String first = row.substring(2, row.indexOf(" | "));
      Matcher c = command.matcher(first);
      CommandLine verb = null;
      while (c.find()) {
        String[] words = c.group(1).split(" ");
        CommandLine named = cl.getSubcommands().get(words[0]);
        if (named != null && words.length > 1 && named.getSubcommands().containsKey(words[1])) {
          named = named.getSubcommands().get(words[1]);
        }
        if (named != null) {
          verb = named;
        }
        assertThat(verb).as("a verb in %s", first).isNotNull();
        Matcher option = Pattern.compile("(?<![\\w-])(--?[a-z][a-z-]*)").matcher(c.group(2));
        while (option.find()) {
          String name = option.group(1);
          assertThat(verb.getCommandSpec().findOption(name))
              .as("option %s of '%s' in README's table", name, verb.getCommandName()).isNotNull();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(20);
  }
}
