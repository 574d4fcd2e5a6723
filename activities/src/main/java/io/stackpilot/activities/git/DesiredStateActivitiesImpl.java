package io.stackpilot.activities.git;

import io.stackpilot.activities.store.ReleaseStore;
import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.RepoUrl;
import io.stackpilot.model.StackRules;
import io.stackpilot.model.StackValidator;
import io.stackpilot.model.ValidatedStack;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.DesiredStateActivities;
import io.stackpilot.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;

/**
 * Reads a stack's desired state: fetch the customer repo, resolve the ref, read stack.yaml at that commit,
 * validate it with the release it names. Mistakes in the input are non-retryable; the network is retried.
 */
public final class DesiredStateActivitiesImpl implements DesiredStateActivities {

  private final RepoCache repos;
  private final ReleaseStore releases;
  private final SignaturePolicy signatures;
  private final StackRules rules;

  public DesiredStateActivitiesImpl(RepoCache repos, ReleaseStore releases, SignaturePolicy signatures) {
    this(repos, releases, signatures, StackRules.DEFAULT);
  }

  /** {@code rules}: what the worker configuration lets stacks ask of their hosts (secrets, low ports). */
  public DesiredStateActivitiesImpl(RepoCache repos, ReleaseStore releases, SignaturePolicy signatures, StackRules rules) {
    this.repos = repos;
    this.releases = releases;
    this.signatures = signatures;
    this.rules = rules;
  }

  @Override
  public DesiredState fetchDesiredState(String repo, String ref) {
    RepoUrl.refusal(repo).ifPresent(why -> {
      throw invalid(why);
    });
    String commit;
    try {
      commit = repos.fetchAndResolve(repo, ref);
    } catch (UnknownRefException e) {
      throw invalid(e.getMessage());
    } catch (InvalidRemoteException e) {
      throw invalid("'" + repo + "' is not a git repository: " + e.getMessage());
    } catch (TransportException e) {
      String message = e.getMessage();
      boolean auth = message != null && (message.contains("not authorized") || message.contains("Authentication is required"));
      throw new IllegalStateException("fetching " + repo + " failed: " + message
          + (auth ? " (configure git credentials for this URL in the worker configuration, then retry)" : ""), e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("fetching " + repo + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String where = repo + " at " + commit.substring(0, 12) + " (" + ref + ")";
    String stackYaml;
    boolean urgent;
    try {
      org.eclipse.jgit.revwalk.RevCommit read = repos.commit(repo, commit);
      signatures.check(repo, read);
      urgent = urgent(read);
      stackYaml = repos.read(repo, commit, StackValidator.FILE)
          .orElseThrow(() -> invalid("no " + StackValidator.FILE + " at the root of " + where));
    } catch (UntrustedCommitException e) {
      throw invalid(e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ValidatedStack validated = StackValidator.validate(stackYaml, releases, rules).orThrow();
      return new DesiredState(repo, commit, validated.stack(), validated.release(), urgent);
    } catch (InvalidConfigurationException e) {
      throw invalid(where + ":\n" + e.getMessage());
    }
  }

  /** The trailer {@code Urgent: true} (any case) in the commit message's last paragraph, as git interprets trailers. */
  static boolean urgent(org.eclipse.jgit.revwalk.RevCommit commit) {
    return commit.getFooterLines().stream()
        .anyMatch(f -> f.getKey().equalsIgnoreCase("Urgent") && f.getValue().strip().equalsIgnoreCase("true"));
  }

  private static ApplicationFailure invalid(String message) {
    return FailureType.INVALID_CONFIGURATION.failure(message);
  }
}
