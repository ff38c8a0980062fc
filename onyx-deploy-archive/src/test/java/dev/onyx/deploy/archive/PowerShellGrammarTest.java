package dev.onyx.deploy.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated {@code .ps1} parses with a real PowerShell grammar (PowerShell itself cannot run
 * here): tree-sitter with tree-sitter-powershell, through Node.js. A syntax error shows as an
 * {@code ERROR} (or missing) node, which fails the test with its line. The npm packages are
 * installed once into a cache folder ({@link NodeTools}); a fresh machine needs only node and npm,
 * with the npm registry reachable.
 */
class PowerShellGrammarTest {
  @Test
  void everyGeneratedPowerShellScriptParsesWithoutErrors(@TempDir Path dir) throws Exception {
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> e : ScriptsTest.allScripts().entrySet()) {
      if (e.getKey().endsWith(".ps1")) {
        Path f = dir.resolve(e.getKey());
        Files.write(f, Scripts.crlf(e.getValue()));
        files.add(f);
      }
    }
    assertThat(files).hasSize(4);
    Map<Path, List<String>> errors = NodeTools.parsePowerShell(files);
    assertThat(errors.keySet()).containsExactlyInAnyOrderElementsOf(files);
    errors.forEach((f, e) -> assertThat(e).as(f.getFileName().toString()).isEmpty());
  }

  @Test
  void theGrammarReportsABrokenScript(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.ps1");
    Files.writeString(broken, "if ($a -eq 1) {\r\n  Write-Host \"unclosed\r\n$x = @(1, 2\r\n");
    Path fine = dir.resolve("fine.ps1");
    Files.writeString(fine, "param([string]$A = 'x')\r\nif ($A) { Write-Host \"hi $A\" }\r\n");
    Map<Path, List<String>> errors = NodeTools.parsePowerShell(List.of(broken, fine));
    assertThat(errors.get(broken)).isNotEmpty();
    assertThat(errors.get(fine)).isEmpty();
  }
}
