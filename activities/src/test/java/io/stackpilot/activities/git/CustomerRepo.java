package io.stackpilot.activities.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real customer repo in a temp dir, made from the sample in config-samples/customer-acme. */
final class CustomerRepo implements AutoCloseable {

  static final Path SAMPLE = Path.of("..", "config-samples", "customer-acme", "stack.yaml");

  final Path dir;
  final Git git;

  CustomerRepo(Path dir) throws GitAPIException {
    this.dir = dir;
    this.git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
  }

  String url() {
    return dir.toUri().toString();
  }

  RevCommit commit(String file, String content, String message) throws IOException, GitAPIException {
    Files.writeString(dir.resolve(file), content);
    git.add().addFilepattern(file).call();
    PersonIdent operator = new PersonIdent("Operator", "ops@example.invalid");
    return git.commit().setMessage(message).setAuthor(operator).setCommitter(operator).setSign(false).call();
  }

  RevCommit commitSampleStack(String release) throws IOException, GitAPIException {
    return commit("stack.yaml", Files.readString(SAMPLE).replace("release: 1.0.0", "release: " + release),
        "acme on " + release);
  }

  @Override
  public void close() {
    git.close();
  }
}
