package io.stackpilot.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command in a running container with {@code docker exec}, streaming stdin in and stdout/stderr out
 * as they come: memory stays bounded whatever the size of the data.
 */
public final class ContainerExec {

  private final DockerClient docker;
  private final ExecAttachment attachment;

  /** {@code dockerHost} is the engine {@code docker} talks to; stdin is attached over a connection of its own. */
  public ContainerExec(DockerClient docker, String dockerHost) {
    this.docker = docker;
    this.attachment = new ExecAttachment(dockerHost);
  }

  /** The outcome of an exec: the process's exit code and how many bytes of stdin it was given. */
  public record Outcome(long exitCode, long stdinBytes) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  /**
   * Runs {@code command} in {@code containerId}. {@code stdin} may be null (nothing attached); it is read to
   * its end and closed, and the process sees end-of-file. A process that exits 0 without taking all of its
   * stdin is a failure: the data did not arrive.
   *
   * @throws ExecTimeoutException when the process has not finished within {@code timeout}
   */
  public Outcome run(String containerId, List<String> command, InputStream stdin, OutputStream stdout,
      OutputStream stderr, Duration timeout) {
    return run(containerId, command, List.of(), stdin, stdout, stderr, timeout);
  }

  /** As above, with {@code env} ("NAME=value") set for the process only: how a password avoids the command line. */
  public Outcome run(String containerId, List<String> command, List<String> env, InputStream stdin, OutputStream stdout,
      OutputStream stderr, Duration timeout) {
    String execId = docker.execCreateCmd(containerId)
        .withCmd(command.toArray(String[]::new))
        .withEnv(env)
        .withAttachStdin(stdin != null)
        .withAttachStdout(true)
        .withAttachStderr(true)
        .withTty(false)
        .exec()
        .getId();
    long sent = 0;
    try {
      if (stdin == null) {
        runWithoutStdin(execId, stdout, stderr, timeout);
      } else {
        ExecAttachment.StdinResult result = attachment.start(execId, stdin, stdout, stderr, timeout,
            () -> Boolean.TRUE.equals(docker.inspectExecCmd(execId).exec().isRunning()));
        sent = result.bytesSent();
        if (result.failure() instanceof ExecAttachment.InputFailedException inputFailed) {
          throw new IOException(String.join(" ", command) + " did not get all of its input (" + sent + " bytes sent)",
              inputFailed);
        }
        if (result.failure() != null && exitCode(execId) == 0) {
          throw new IOException(String.join(" ", command) + " exited after taking " + sent + " bytes of its input",
              result.failure());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Outcome(exitCode(execId), sent);
  }

  private void runWithoutStdin(String execId, OutputStream stdout, OutputStream stderr, Duration timeout)
      throws IOException {
    try (FrameCopier callback = docker.execStartCmd(execId).withDetach(false).withTty(false)
        .exec(new FrameCopier(stdout, stderr))) {
      if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ExecTimeoutException(execId, timeout);
      }
      callback.rethrowFailure();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while exec " + execId + " ran", e);
    }
  }

  private long exitCode(String execId) {
    Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
    return code == null ? -1 : code;
  }

  /** Writes each frame of the multiplexed stream to the stdout or stderr it came from. */
  private static final class FrameCopier extends ResultCallback.Adapter<Frame> {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private volatile IOException failure;

    FrameCopier(OutputStream stdout, OutputStream stderr) {
      this.stdout = stdout;
      this.stderr = stderr;
    }

    @Override
    public void onNext(Frame frame) {
      try {
        switch (frame.getStreamType()) {
          case STDOUT, RAW -> stdout.write(frame.getPayload());
          case STDERR -> stderr.write(frame.getPayload());
          default -> { }
        }
      } catch (IOException e) {
        failure = e;
        try {
          close();
        } catch (IOException ignored) {
          // the failure above is what the caller hears about
        }
      }
    }

    void rethrowFailure() throws IOException {
      if (failure != null) {
        throw failure;
      }
    }
  }
}
