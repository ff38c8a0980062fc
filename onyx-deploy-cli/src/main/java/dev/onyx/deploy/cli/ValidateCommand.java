package dev.onyx.deploy.cli;

import dev.onyx.deploy.compose.ComposeFormatException;
import dev.onyx.deploy.compose.ComposeValidationException;
import dev.onyx.deploy.core.StackValidationException;
import dev.onyx.deploy.core.ValidationProblem;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code onyx-deploy validate}: reads compose files and checks the stack. Prints {@code ok} on
 * stdout (exit status 0), or every problem on stderr, one per line (exit status 2):
 *
 * <pre>
 * $ onyx-deploy validate -f compose.yaml
 * compose.yaml:14:7 services.web.ports[1]: invalid port '80:80:80:80' (...)
 * $ onyx-deploy validate -f other.yaml
 * other.yaml:9:9 services.api.depends_on.db: no such service 'db'
 * other.yaml:14:9 services.web.ports[0]: host port 80/tcp on 0.0.0.0 is also published by service 'proxy'
 * </pre>
 *
 * <p>Every problem is reported at once: malformed values, the stack's own rules, and clashes
 * between services that run together (a host port or a container name used twice, which compose
 * accepts but cannot start). A YAML syntax error stops reading, so it is reported alone.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check compose files: print 'ok', or every problem one per line (exit status 2).")
public final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ComposeInput input;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      input.read(true);
    } catch (ComposeFormatException e) {
      for (ComposeFormatException p : e.problems()) {
        err.println(p.getMessage().replace("\n", " "));
      }
      err.flush();
      return OnyxDeploy.EXIT_BAD_INPUT;
    } catch (ComposeValidationException e) {
      for (String line : e.locatedProblems()) {
        err.println(line.replace("\n", " "));
      }
      err.flush();
      return OnyxDeploy.EXIT_BAD_INPUT;
    } catch (StackValidationException e) {
      for (ValidationProblem p : e.problems()) {
        err.println(p.path() + ": " + p.message().replace("\n", " "));
      }
      err.flush();
      return OnyxDeploy.EXIT_BAD_INPUT;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("ok");
    out.flush();
    return OnyxDeploy.EXIT_OK;
  }
}
