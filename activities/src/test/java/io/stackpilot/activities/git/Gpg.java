package io.stackpilot.activities.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real gpg keys in a private GNUPGHOME, and commits signed with them by the git command line. The home is
 * short-named under /tmp: gpg-agent's socket path must stay within the Unix socket limit.
 */
public final class Gpg implements AutoCloseable {

  private final Path home;

  public Gpg(Path home) throws IOException {
    this.home = Files.createDirectories(home);
    home.toFile().setReadable(false, false);
    home.toFile().setReadable(true, true);
    home.toFile().setExecutable(true, true);
  }

  /** Creates an ed25519 signing key without a passphrase; returns its fingerprint. */
  public String createKey(String userId) throws IOException, InterruptedException {
    run("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", userId, "ed25519", "sign", "never");
    String colons = run("gpg", "--batch", "--with-colons", "--list-secret-keys", userId);
    return colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
  }

  public String exportPublic(String fingerprint) throws IOException, InterruptedException {
    return run("gpg", "--batch", "--armor", "--export", fingerprint);
  }

  /** The secret key, armored, as an operator exports it for a worker that signs. */
  public String exportSecret(String fingerprint) throws IOException, InterruptedException {
    return run("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--export-secret-keys",
        fingerprint);
  }

  /** Commits everything staged in {@code repo} with git itself, signed by {@code fingerprint}. */
  public void signedCommit(Path repo, String fingerprint, String message) throws IOException, InterruptedException {
    run("git", "-C", repo.toString(), "-c", "user.name=Release Bot", "-c", "user.email=bot@example.invalid",
        "-c", "user.signingkey=" + fingerprint, "-c", "gpg.program=gpg", "-c", "commit.gpgsign=true",
        "commit", "-q", "-S", "-m", message);
  }

  String run(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
    builder.environment().put("GNUPGHOME", home.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  /** Stops this home's agent and removes the keys. */
  @Override
  public void close() throws Exception {
    run("gpgconf", "--kill", "gpg-agent");
    try (var files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
