package dev.onyx.deploy.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a one-off container through the API and collects what it printed (for these tests only). */
final class Containers {

    /** Exit code and output (stdout and stderr in the order the engine sent them) of one container. */
    record Run(long exitCode, String output) {
    }

    private Containers() {
    }

    static Run run(String image, String... cmd) throws InterruptedException {
        return runAs(null, image, cmd);
    }

    static Run runAs(String user, String image, String... cmd) throws InterruptedException {
        DockerClient client = TestEngine.client();
        CreateContainerCmd create = client.createContainerCmd(image).withCmd(cmd);
        if (user != null) {
            create.withUser(user);
        }
        String id = create.exec().getId();
        try {
            client.startContainerCmd(id).exec();
            int exit = client.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            ResultCallback.Adapter<Frame> logs = client.logContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(false)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            synchronized (out) {
                                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        }
                    });
            if (!logs.awaitCompletion(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the logs of container " + id + " did not complete within 30 s");
            }
            synchronized (out) {
                return new Run(exit, out.toString());
            }
        } finally {
            client.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
