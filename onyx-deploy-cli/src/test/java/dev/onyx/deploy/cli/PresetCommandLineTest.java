package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.preset.Layout;
import dev.onyx.deploy.preset.OnyxStack;
import dev.onyx.deploy.preset.ResourceProfile;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@code --preset onyx} on {@code up} and {@code bundle create} parses and builds the preset stack;
 * the preset's resource profile is {@code --resources} there (their {@code --profile} is compose's),
 * and {@code compose --profile laptop|server} keeps working. No engine needed.
 */
class PresetCommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cl() {
    return OnyxDeploy.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static ParseResult leaf(ParseResult r) {
    while (r.subcommand() != null) {
      r = r.subcommand();
    }
    return r;
  }

  private <T> T parse(Class<T> type, String... args) {
    return type.cast(leaf(cl().parseArgs(args)).commandSpec().userObject());
  }

  @Test
  void upBuildsTheOnyxPresetWithItsOptions() {
    UpCommand up = parse(UpCommand.class, "up", "--preset", "onyx", "--layout", "classic", "--resources", "server",
        "--registry", "mirror.local:5000/", "--tag", "v9", "-p", "myonyx");
    Stack stack = up.stack();
    Stack expected = OnyxStack.builder().layout(Layout.CLASSIC).profile(ResourceProfile.SERVER)
        .registry("mirror.local:5000/").tag("v9").name("myonyx").build();
    assertThat(stack.name()).isEqualTo("myonyx");
    assertThat(stack.serviceNames()).containsExactlyElementsOf(expected.serviceNames()).hasSize(7);
    assertThat(stack.services()).extracting(s -> s.resources()).containsExactlyElementsOf(
        expected.services().stream().map(s -> s.resources()).toList());
    assertThat(stack.services()).extracting(s -> s.image().orElse("")).allSatisfy(i ->
        assertThat(i).startsWith("mirror.local:5000/"));
    // the laptop profile is the default and differs from server
    Stack laptop = parse(UpCommand.class, "up", "--preset", "onyx", "--layout", "classic").stack();
    assertThat(laptop.services()).extracting(s -> s.resources())
        .isNotEqualTo(stack.services().stream().map(s -> s.resources()).toList());
    assertThat(laptop.name()).isEqualTo(OnyxStack.DEFAULT_NAME);
  }

  @Test
  void upsProfileStaysComposesAndNarrowsThePreset() {
    Stack all = parse(UpCommand.class, "up", "--preset", "onyx").stack();
    assertThat(all.serviceNames()).contains(OnyxStack.API_SERVER, "minio");
    Stack none = parse(UpCommand.class, "up", "--preset", "onyx", "--profile", "none").stack();
    assertThat(none.serviceNames()).contains(OnyxStack.API_SERVER).doesNotContain("minio");
  }

  @Test
  void bundleCreateBuildsTheOnyxPreset() {
    BundleCommand.Create c = parse(BundleCommand.Create.class, "bundle", "create", "--preset", "onyx",
        "--resources", "laptop", "--tag", "v4.6.1", "-o", "onyx.zip");
    Stack stack = c.stack();
    assertThat(stack.serviceNames()).containsExactlyElementsOf(OnyxStack.builder().tag("v4.6.1").build().serviceNames());
    assertThat(stack.service(OnyxStack.API_SERVER).orElseThrow().image().orElseThrow()).endsWith(":v4.6.1");
  }

  @Test
  void aPresetWithFilesOrAnUnknownPresetIsBadInput() {
    assertThat(cl().execute("up", "--preset", "onyx", "-f", "compose.yaml")).isEqualTo(OnyxDeploy.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("--preset cannot be combined with -f");
    assertThat(cl().execute("up", "--preset", "gitlab")).isEqualTo(OnyxDeploy.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("unknown preset 'gitlab' (expected onyx)");
    assertThat(cl().execute("bundle", "create", "--preset", "onyx", "-f", "x.yaml", "-o", "x.zip"))
        .isEqualTo(OnyxDeploy.EXIT_BAD_INPUT);
    // a resource profile given to up's --profile is a compose profile, not the preset's: --resources it is
    assertThat(cl().execute("up", "--preset", "onyx", "--resources", "big")).isEqualTo(OnyxDeploy.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("invalid profile 'big' (expected laptop or server)");
  }

  @Test
  void composeKeepsProfileLaptopOrServer() {
    ComposeCommand c = parse(ComposeCommand.class, "compose", "--profile", "server", "--out", "x");
    assertThat(c.profileAlias).isEqualTo(ResourceProfile.SERVER);
    ComposeCommand r = parse(ComposeCommand.class, "compose", "--resources", "server", "--out", "x");
    assertThat(r.preset.profile).isEqualTo(ResourceProfile.SERVER);
    assertThat(cl().execute("compose", "--profile", "server", "--resources", "laptop", "--out", "x"))
        .isEqualTo(OnyxDeploy.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("--profile and --resources disagree");
    assertThat(cl().execute("compose", "--profile", "tiny")).isEqualTo(OnyxDeploy.EXIT_BAD_INPUT);
  }

  @Test
  void bundleCreateOfThePresetPutsItsComposeProfilesIntoTheBundleAndReadsPullAndSince() {
    BundleCommand.Create create = parse(BundleCommand.Create.class, "bundle", "create", "--preset", "onyx",
        "-o", "onyx.zip", "--pull", "never", "--since", "old.zip");
    Stack stack = create.stack();
    dev.onyx.deploy.archive.BundleOptions o = create.options(stack, java.nio.file.Path.of("."),
        dev.onyx.deploy.core.event.DeployListener.NONE);
    assertThat(o.composeVariables()).containsEntry("COMPOSE_PROFILES", OnyxStack.composeProfiles(stack));
    assertThat(o.composeVariables().get("COMPOSE_PROFILES")).contains("s3-filestore");
    assertThat(o.pullPolicy()).isEqualTo(dev.onyx.deploy.docker.PullPolicy.NEVER);
    assertThat(o.sinceBundle()).contains(java.nio.file.Path.of("old.zip"));

    UpCommand up = parse(UpCommand.class, "up", "--preset", "onyx", "--pull", "ALWAYS");
    assertThat(up.pull.policy).isEqualTo(dev.onyx.deploy.docker.PullPolicy.ALWAYS);
    assertThat(cl().execute("up", "--preset", "onyx", "--pull", "sometimes")).isEqualTo(OnyxDeploy.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("--pull").contains("'sometimes' is not missing, always or never");
  }
}
