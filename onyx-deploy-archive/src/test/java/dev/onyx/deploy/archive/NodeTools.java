package dev.onyx.deploy.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The npm packages the script tests use, installed on first use into a cache folder shared by
 * every build on the machine ({@code ~/.cache/onyx-deploy/ps-grammar}, or {@code $ONYX_NPM_CACHE}):
 * {@code tree-sitter} 0.25 and {@code tree-sitter-powershell} 0.26, loaded from an ES module (the
 * grammar's entry uses top-level await).
 */
final class NodeTools {
  static final String TREE_SITTER = "tree-sitter@0.25";
  static final String POWERSHELL = "tree-sitter-powershell@0.26";

  private static final String PARSE = """
      import { readFileSync } from 'node:fs';
      import Parser from 'tree-sitter';
      import PowerShell from 'tree-sitter-powershell';

      // For each file: its path, then one line per ERROR or missing node, then an empty line.
      const parser = new Parser();
      parser.setLanguage(PowerShell);
      for (const file of process.argv.slice(2)) {
        const tree = parser.parse(readFileSync(file, 'utf8'), undefined, { bufferSize: 1 << 20 });
        console.log('FILE ' + file);
        const walk = (n) => {
          if (n.type === 'ERROR' || n.isMissing) {
            console.log((n.isMissing ? 'MISSING ' : 'ERROR ') + (n.startPosition.row + 1) + ':'
                + (n.startPosition.column + 1) + ' ' + JSON.stringify(n.text.slice(0, 60)));
          }
          for (const c of n.children) walk(c);
        };
        walk(tree.rootNode);
        console.log('');
      }
      """;

  private NodeTools() {
  }

  /** @return the folder holding {@code node_modules} with both packages, installing them first if needed */
  static synchronized Path grammarDir() throws IOException, InterruptedException {
    String env = System.getenv("ONYX_NPM_CACHE");
    Path dir = env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "onyx-deploy", "ps-grammar");
    Files.createDirectories(dir);
    Path ready = dir.resolve("installed-" + TREE_SITTER + "-" + POWERSHELL);
    try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      if (!Files.exists(ready)) {
        Files.writeString(dir.resolve("package.json"), "{\"private\":true,\"type\":\"module\"}\n");
        Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-save", TREE_SITTER, POWERSHELL)
            .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
          throw new IllegalStateException("npm install " + TREE_SITTER + " " + POWERSHELL + " in " + dir
              + " failed (node and npm must be installed, the npm registry reachable):\n" + out);
        }
        Files.writeString(ready, out);
      }
    }
    Files.writeString(dir.resolve("parse-ps.mjs"), PARSE);
    return dir;
  }

  /**
   * @param files PowerShell scripts
   * @return per file, its syntax errors (line:column and text); empty lists when it parses cleanly
   */
  static Map<Path, List<String>> parsePowerShell(List<Path> files) throws IOException, InterruptedException {
    Path dir = grammarDir();
    List<String> cmd = new ArrayList<>(List.of("node", dir.resolve("parse-ps.mjs").toString()));
    files.forEach(f -> cmd.add(f.toAbsolutePath().toString()));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("the PowerShell grammar failed to run: " + err);
    }
    Map<Path, List<String>> result = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : out.split("\n")) {
      if (line.startsWith("FILE ")) {
        current = new ArrayList<>();
        result.put(Path.of(line.substring(5)), current);
      } else if (!line.isBlank() && current != null) {
        current.add(line);
      }
    }
    return result;
  }
}
