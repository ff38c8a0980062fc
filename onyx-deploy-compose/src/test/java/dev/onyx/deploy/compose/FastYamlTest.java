package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.onyx.deploy.compose.YNode.Source;
import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FastYaml} against SnakeYAML ({@link YamlLoader#parseFully}): whenever the fast path returns a
 * tree it must be the tree SnakeYAML's path gives (values, types, key order, lines and columns), and
 * it must never accept text that SnakeYAML refuses. Checked on hand-written cases, the repo's
 * fixtures, the corpus when present, the writer's output for random stacks, and random mutations of
 * all of those.
 */
class FastYamlTest {
  private static final Source SOURCE = new Source("compose.yaml", Path.of("/p"), Path.of("/p"));

  /** Text the fast path must take (the shapes the writer and most hand-written files use). */
  private static final List<String> TAKEN = List.of(
      "",
      "# only a comment\n",
      "name: x\nservices:\n  web:\n    image: nginx:1.27\n",
      "services:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n      - 443:443\n",
      "services:\n  web:\n    environment:\n      A: 1\n      B: true\n      C: ~\n      D:\n      E: '0x1F'\n",
      "a:\n- x\n- y\nb: 1\n",
      "a:\n  - x\n  -\n  - - n1\n    - n2\n  - k: v\n    k2: v2\n",
      "a: [\"CMD\", \"test\", \"-f\", /tmp/ready]\nb: {condition: service_healthy, required: false}\n",
      "a: []\nb: {}\nc: [ x , y, ]\n",
      "a: \"tab\\there \\\"q\\\" \\\\ \\u00e9 \\x41\"\nb: 'it''s'\n'q k': 1\n\"dq\": 2\n",
      "a: value # comment\nb: \"v\" # c\n# c2\n\n   # c3\nc: http://x:80/#frag\n",
      "a: -1\nb: 0.5\nc: .inf\nd: 1_000\ne: 012\nf: 0o17\ng: +3\nh: -.5e3\ni: 1.\n",
      "a: x:y\nb: -c\nc: ?x\nd: :x\ne: a,b[c]{d}\nf: 'x' \n",
      "key with spaces  : v\nk:    spaced   value   \n",
      "a: 1\r\nb:\r\n  - \"x\" # c\r\n  - y\r\n",
      "a:\n  b:\n  c: 1\n  d:\n    - 1\ne:\n",
      "x-anchorless: &a\n  k: v\n".replace("&a", "")  // a plain extension block
  );

  /** Text the fast path must leave to SnakeYAML (valid or not). */
  private static final List<String> LEFT = List.of(
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  text\n",
      "a: >-\n  text\n",
      "a: plain\n  continued\n",
      "a: \"multi\n  line\"\n",
      "---\na: 1\n",
      "a: 1\n...\n",
      "%YAML 1.2\n---\na: 1\n",
      "a:\n\tb: 1\n",
      "a: x\rb: 1\n",
      "a: 1\r\nb: 2\r",
      "a: 1\na: 2\n",
      "<<: {a: 1}\n",
      "a: [1, [2]]\n",
      "a: [1,\n  2]\n",
      "a: {b: {c: 1}}\n",
      "? a\n: b\n",
      "a: b: c\n",
      "a: - b\n",
      "a: \"x\"y\n",
      "a: `x`\n",
      "a: @x\n",
      "a: \"\\U0001F600\"\n",
      "a: 1\n  b: 2\n",
      "- a\nb: 1\n",
      "a: 1\n- b\n",
      "a:\n  - x\n - y\n",
      "[a]: b\n",
      "a: \"bad \\q escape\"\n");

  @Test
  void takesThePlainSubsetAndGivesSnakeYamlsTree() {
    for (String text : TAKEN) {
      YNode fast = FastYaml.parse(text, SOURCE);
      assertThat(fast).as("fast path should take:\n%s", text).isNotNull();
      assertSame(text, fast);
    }
  }

  @Test
  void leavesEverythingElseToSnakeYaml() {
    for (String text : LEFT) {
      assertThat(FastYaml.parse(text, SOURCE)).as("fast path should leave:\n%s", text).isNull();
    }
  }

  @Test
  void agreesWithSnakeYamlOnFixturesCorpusAndWriterOutput(@TempDir Path tmp) throws IOException {
    List<String> texts = documents(tmp);
    int taken = 0;
    for (String text : texts) {
      YNode fast = FastYaml.parse(text, SOURCE);
      if (fast != null) {
        taken++;
        assertSame(text, fast);
      }
    }
    // The writer's output is in the subset: every generated stack must take the fast path.
    assertThat(taken).as("documents the fast path took, of %d", texts.size()).isGreaterThanOrEqualTo(200);
  }

  @Test
  void randomMutationsNeverDiffer(@TempDir Path tmp) throws IOException {
    Random r = new Random(Long.getLong("fastyaml.seed", 20261130L));
    List<String> bases = new ArrayList<>(TAKEN);
    List<String> docs = documents(tmp);
    for (int i = 0; i < docs.size(); i += 7) {
      String d = docs.get(i);
      bases.add(d.length() > 4000 ? d.substring(0, d.indexOf('\n', 4000) + 1) : d);
    }
    for (int i = 0, n = bases.size(); i < n; i += 3) {
      bases.add(bases.get(i).replace("\n", "\r\n")); // Windows line breaks
    }
    String[] inserts = {" ", "  ", "\n", ":", ": ", "- ", "-", "#", " #", "\"", "'", "[", "]", "{", "}", ",",
        "\\", "\\n", "&a ", "*a", "!", "|", ">", "?", "~", "0", "1.5", "true", "...", "---", "\u00e9", "\t",
        "x", "<<: ", "''", "\"\"", "\n  ", "\n- ", "\r", "\r\n"};
    int compared = 0;
    for (int round = 0; round < Integer.getInteger("fastyaml.rounds", 20_000); round++) {
      String base = bases.get(r.nextInt(bases.size()));
      String text = mutate(base, r, inserts);
      YNode fast = FastYaml.parse(text, SOURCE);
      if (fast != null) {
        compared++;
        assertSame(text, fast);
      }
    }
    assertThat(compared).isGreaterThan(2_000);
  }

  private static String mutate(String base, Random r, String[] inserts) {
    if (r.nextInt(3) == 0) {
      return mutateLines(base, r);
    }
    StringBuilder b = new StringBuilder(base);
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
      switch (r.nextInt(3)) {
        case 0 -> b.insert(at, inserts[r.nextInt(inserts.length)]);
        case 1 -> {
          if (at < b.length()) {
            b.deleteCharAt(at);
          }
        }
        default -> {
          if (at < b.length()) {
            b.setCharAt(at, inserts[r.nextInt(inserts.length)].charAt(0));
          }
        }
      }
    }
    return b.toString();
  }

  /** Indentation and line-level edits: re-indent, drop, duplicate or swap lines. */
  private static String mutateLines(String base, Random r) {
    List<String> lines = new ArrayList<>(List.of(base.split("\n", -1)));
    int edits = 1 + r.nextInt(2);
    for (int e = 0; e < edits && lines.size() > 1; e++) {
      int i = r.nextInt(lines.size());
      switch (r.nextInt(4)) {
        case 0 -> lines.set(i, " ".repeat(1 + r.nextInt(3)) + lines.get(i));
        case 1 -> lines.set(i, lines.get(i).replaceFirst("^ {1,2}", ""));
        case 2 -> lines.remove(i);
        default -> lines.add(i, lines.get(r.nextInt(lines.size())));
      }
    }
    return String.join("\n", lines);
  }

  private static List<String> documents(Path tmp) throws IOException {
    List<String> texts = new ArrayList<>();
    Path resources = Path.of("src/test/resources");
    Path corpus = CorpusRoundTripIT.corpus();
    for (Path root : corpus == null ? List.of(resources) : List.of(resources, corpus)) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : (Iterable<Path>) files.filter(FastYamlTest::isYaml).sorted()::iterator) {
          texts.add(Files.readString(f, StandardCharsets.UTF_8));
        }
      }
    }
    ComposeWriter writer = ComposeWriter.create();
    for (int i = 0; i < 200; i++) {
      texts.add(writer.toYaml(RandomStacks.generate(7L, i, tmp)));
    }
    return texts;
  }

  private static boolean isYaml(Path p) {
    String name = p.getFileName().toString();
    return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  /** The fast tree must equal SnakeYAML's, and SnakeYAML must accept the text. */
  private static void assertSame(String text, YNode fast) {
    YNode full;
    try {
      full = YamlLoader.parseFully(text, SOURCE);
    } catch (ComposeFormatException e) {
      fail("the fast path accepted text SnakeYAML refuses (" + e.getMessage() + "):\n" + text);
      return;
    }
    String diff = difference(fast, full, "$");
    if (diff != null) {
      fail("fast path differs from SnakeYAML at " + diff + " in:\n" + text);
    }
  }

  private static String difference(YNode a, YNode b, String path) {
    if (a.getClass() != b.getClass()) {
      return path + ": " + a.kindName() + " vs " + b.kindName();
    }
    if (a.line != b.line || a.column != b.column) {
      return path + ": at " + a.line + ":" + a.column + " vs " + b.line + ":" + b.column;
    }
    if (a instanceof YScalar sa) {
      YScalar sb = (YScalar) b;
      if (!sa.text.equals(sb.text) || sa.type != sb.type) {
        return path + ": '" + sa.text + "' " + sa.type + " vs '" + sb.text + "' " + sb.type;
      }
      return null;
    }
    if (a instanceof YSeq qa) {
      YSeq qb = (YSeq) b;
      if (qa.items.size() != qb.items.size()) {
        return path + ": " + qa.items.size() + " items vs " + qb.items.size();
      }
      for (int i = 0; i < qa.items.size(); i++) {
        String d = difference(qa.items.get(i), qb.items.get(i), path + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    YMap ma = (YMap) a;
    YMap mb = (YMap) b;
    if (!new ArrayList<>(ma.entries.keySet()).equals(new ArrayList<>(mb.entries.keySet()))) {
      return path + ": keys " + ma.entries.keySet() + " vs " + mb.entries.keySet();
    }
    Iterator<Map.Entry<String, YNode>> it = ma.entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, YNode> e = it.next();
      String d = difference(ma.keyNode(e.getKey()), mb.keyNode(e.getKey()), path + ".<key " + e.getKey() + ">");
      if (d == null) {
        d = difference(e.getValue(), mb.entries.get(e.getKey()), path + "." + e.getKey());
      }
      if (d != null) {
        return d;
      }
    }
    return null;
  }
}
