package io.stackpilot.activities.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An SSH git host on loopback: Apache MINA's SSH server accepting one public key, answering
 * {@code git-upload-pack '<repo>'} with JGit's upload-pack over the repos below a root.
 */
public final class GitSshServer implements AutoCloseable {

  private final SshServer server;

  public GitSshServer(Path root, Path hostKey, PublicKey authorized) throws IOException {
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
    server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorized));
    server.setCommandFactory((channel, command) -> new UploadPackCommand(root, command));
    server.start();
  }

  public String url(String repo) {
    return "ssh://git@127.0.0.1:" + server.getPort() + "/" + repo;
  }

  /** The known_hosts line for this server, as ssh-keyscan would print it. */
  public String knownHostsLine() throws Exception {
    PublicKey key = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(key);
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  private static final class UploadPackCommand implements Command {
    private final Path root;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(Path root, String command) {
      this.root = root;
      this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread thread = new Thread(() -> {
        int code = 0;
        try {
          List<String> words = List.of(command.split(" ", 2));
          if (!words.get(0).equals("git-upload-pack")) {
            throw new IOException("only git-upload-pack is served, not " + words.get(0));
          }
          Path dir = root.resolve(words.get(1).replace("'", "").replaceFirst("^/", "")).normalize();
          if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
            throw new IOException("no repository " + words.get(1));
          }
          try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
            new UploadPack(repo).upload(in, out, err);
          }
        } catch (IOException e) {
          code = 1;
          try {
            err.write((e.getMessage() + "\n").getBytes());
            err.flush();
          } catch (IOException ignored) {
            // the exit code says it already
          }
        }
        exit.onExit(code);
      }, "git-ssh-upload-pack");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }
  }
}
