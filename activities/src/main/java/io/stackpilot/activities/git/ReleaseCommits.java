package io.stackpilot.activities.git;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.ReleaseCatalog;
import io.stackpilot.model.StackRules;
import io.stackpilot.model.StackSelector;
import io.stackpilot.model.StackSpec;
import io.stackpilot.model.StackValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * A fleet rollout's writes into customer repos: one commit that changes {@code release:} in stack.yaml (nothing else
 * in the file: comments and order stay), named by its trailer {@code Stackpilot-Rollout: <id>}, pushed with the
 * worker's credentials for the repo. A push that lost the race with a commit of the customer's is made again on top
 * of it, so that the customer's commit stays. A retry after a push that went through finds its commit by the trailer
 * and writes none; a branch the worker's rules protect, a stack that left the rollout's selection, or a change that
 * would not validate is refused before anything is written.
 */
public final class ReleaseCommits {

  /** The trailer that names the rollout a commit belongs to. */
  public static final String TRAILER = "Stackpilot-Rollout";
  /** The trailer of a commit that undoes a rollout's change for an aborted rollout. */
  public static final String REVERT_TRAILER = "Stackpilot-Rollout-Revert";
  private static final int PUSH_ATTEMPTS = 5;
  private static final int HISTORY_SEARCHED = 200;
  private static final Pattern RELEASE_LINE = Pattern.compile(
      "(?m)^release:[ \\t]*([\"']?)([0-9]+\\.[0-9]+\\.[0-9]+)\\1([ \\t]*(#.*)?)$");
  private static final String LOCAL_REF = "refs/stackpilot/rollout";

  /** What a write did: the commit the branch now has for it, and "written", "already written" or "already on …". */
  public record Written(String commit, String outcome) {}

  private final RepoCache repos;
  private final ReleaseCatalog releases;
  private final StackRules rules;
  private final List<String> protectedBranches;
  private final PersonIdent author;
  private final Runnable beforePush;
  private final CommitSigner signer;

  /**
   * {@code rules}: what the worker lets stacks ask for, as the loop validates with them; {@code protectedBranches}:
   * branch names or globs ({@code release/*}) the worker never pushes to.
   */
  public ReleaseCommits(RepoCache repos, ReleaseCatalog releases, StackRules rules, List<String> protectedBranches,
      PersonIdent author) {
    this(repos, releases, rules, protectedBranches, author, () -> { });
  }

  /**
   * {@code beforePush} runs between reading the branch and pushing to it: nothing in production; a test pushes a
   * customer's commit there, which is how the race with a customer happens.
   */
  ReleaseCommits(RepoCache repos, ReleaseCatalog releases, StackRules rules, List<String> protectedBranches,
      PersonIdent author, Runnable beforePush) {
    this(repos, releases, rules, protectedBranches, author, beforePush, null);
  }

  private ReleaseCommits(RepoCache repos, ReleaseCatalog releases, StackRules rules, List<String> protectedBranches,
      PersonIdent author, Runnable beforePush, CommitSigner signer) {
    this.repos = repos;
    this.releases = releases;
    this.rules = rules;
    this.protectedBranches = List.copyOf(protectedBranches);
    this.author = author;
    this.beforePush = beforePush;
    this.signer = signer;
  }

  /** These writes, each commit signed by {@code signer}. */
  public ReleaseCommits signedBy(CommitSigner signer) {
    return new ReleaseCommits(repos, releases, rules, protectedBranches, author, beforePush, signer);
  }

  /**
   * Sets {@code release} in stack.yaml on {@code branch} of {@code url} for rollout {@code rollout}, when the stack
   * there is still one {@code selector} selects.
   */
  public Written write(String url, String branch, String release, String rollout, StackSelector selector,
      String message) throws IOException, GitAPIException {
    refuseProtected(url, branch);
    return repos.withMirror(url, git -> {
      for (int attempt = 1; ; attempt++) {
        RevCommit head = head(git, url, branch);
        Optional<RevCommit> earlier = byTrailer(git, head, TRAILER, rollout);
        if (earlier.isPresent()) {
          return new Written(earlier.get().name(), "already written");
        }
        String yaml = stackYaml(git, head, url);
        StackSpec stack = validated(yaml, url, head);
        if (stack.release().equals(release)) {
          return new Written(head.name(), "already on " + release);
        }
        if (!selector.matches(stack)) {
          throw new InvalidConfigurationException("the stack of " + url + " at " + head.name().substring(0, 8)
              + " (" + stack.customer() + " on " + stack.release() + ") is no longer selected by " + selector.text()
              + ": nothing written");
        }
        String changed = withRelease(yaml, release, url);
        validated(changed, url, head);
        ObjectId commit = commit(git, head, changed, message + "\n\n" + TRAILER + ": " + rollout + "\n");
        if (push(git, url, branch, commit)) {
          return new Written(commit.name(), "written");
        }
        if (attempt == PUSH_ATTEMPTS) {
          throw new IllegalStateException(branch + " of " + url + " moved under each of " + PUSH_ATTEMPTS
              + " pushes; try again");
        }
      }
    });
  }

  /**
   * Undoes rollout {@code rollout}'s change on a stack it has not reached yet: sets {@code previous} again when the
   * branch still has the rollout's commit and release; a branch someone changed since is left alone.
   */
  public Written revert(String url, String branch, String rollout, String release, String previous, String message)
      throws IOException, GitAPIException {
    refuseProtected(url, branch);
    return repos.withMirror(url, git -> {
      for (int attempt = 1; ; attempt++) {
        RevCommit head = head(git, url, branch);
        Optional<RevCommit> reverted = byTrailer(git, head, REVERT_TRAILER, rollout);
        if (reverted.isPresent()) {
          return new Written(reverted.get().name(), "already reverted");
        }
        if (byTrailer(git, head, TRAILER, rollout).isEmpty()) {
          return new Written(head.name(), "nothing to revert: no commit of " + rollout);
        }
        String yaml = stackYaml(git, head, url);
        StackSpec stack = validated(yaml, url, head);
        if (!stack.release().equals(release)) {
          return new Written(head.name(), "left alone: stack.yaml says " + stack.release() + " now");
        }
        String changed = withRelease(yaml, previous, url);
        validated(changed, url, head);
        ObjectId commit = commit(git, head, changed, message + "\n\n" + REVERT_TRAILER + ": " + rollout + "\n");
        if (push(git, url, branch, commit)) {
          return new Written(commit.name(), "reverted");
        }
        if (attempt == PUSH_ATTEMPTS) {
          throw new IllegalStateException(branch + " of " + url + " moved under each of " + PUSH_ATTEMPTS
              + " pushes; try again");
        }
      }
    });
  }

  private void refuseProtected(String url, String branch) {
    for (String rule : protectedBranches) {
      if (FileSystems.getDefault().getPathMatcher("glob:" + rule).matches(Path.of(branch))) {
        throw new InvalidConfigurationException("branch " + branch + " of " + url + " is protected by the worker's rule '"
            + rule + "': a rollout does not push to it");
      }
    }
  }

  private RevCommit head(Git git, String url, String branch) throws IOException, GitAPIException {
    String commit = repos.fetchAndResolve(url, branch);
    if (git.getRepository().exactRef(Constants.R_REMOTES + "origin/" + branch) == null) {
      throw new InvalidConfigurationException("'" + branch + "' is not a branch of " + url + ": a rollout writes to a branch");
    }
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return walk.parseCommit(ObjectId.fromString(commit));
    }
  }

  /** The newest of the last commits on the branch that carries {@code trailer: value}. */
  private static Optional<RevCommit> byTrailer(Git git, RevCommit head, String trailer, String value) throws IOException {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      walk.markStart(walk.parseCommit(head));
      int seen = 0;
      for (RevCommit commit : walk) {
        if (commit.getFooterLines(trailer).contains(value)) {
          return Optional.of(commit);
        }
        if (++seen == HISTORY_SEARCHED) {
          break;
        }
      }
    }
    return Optional.empty();
  }

  private String stackYaml(Git git, RevCommit head, String url) throws IOException {
    return repos.read(url, head.name(), StackValidator.FILE).orElseThrow(() -> new InvalidConfigurationException(
        "no " + StackValidator.FILE + " at the root of " + url + " at " + head.name().substring(0, 8)));
  }

  private StackSpec validated(String yaml, String url, RevCommit head) {
    try {
      return StackValidator.validate(yaml, releases, rules).orThrow().stack();
    } catch (InvalidConfigurationException e) {
      throw new InvalidConfigurationException(url + " at " + head.name().substring(0, 8) + ":\n" + e.getMessage());
    }
  }

  /** stack.yaml with only its release line changed. */
  private static String withRelease(String yaml, String release, String url) {
    Matcher m = RELEASE_LINE.matcher(yaml);
    if (!m.find()) {
      throw new InvalidConfigurationException("stack.yaml of " + url + " has no line 'release: x.y.z' a rollout can change");
    }
    if (m.find()) {
      throw new InvalidConfigurationException("stack.yaml of " + url + " has more than one 'release:' line");
    }
    m.reset();
    m.find();
    return yaml.substring(0, m.start(2)) + release + yaml.substring(m.end(2));
  }

  private ObjectId commit(Git git, RevCommit head, String yaml, String message) throws IOException {
    var repo = git.getRepository();
    try (ObjectInserter inserter = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, yaml.getBytes(StandardCharsets.UTF_8));
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, head.getTree());
      builder.finish();
      DirCacheEditor editor = index.editor();
      editor.add(new DirCacheEditor.PathEdit(StackValidator.FILE) {
        @Override
        public void apply(DirCacheEntry entry) {
          entry.setFileMode(FileMode.REGULAR_FILE);
          entry.setObjectId(blob);
        }
      });
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(head);
      PersonIdent now = new PersonIdent(author, java.time.Instant.now(), java.time.ZoneOffset.UTC);
      commit.setAuthor(now);
      commit.setCommitter(now);
      commit.setMessage(message);
      if (signer != null) {
        signer.sign(commit);
      }
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      pointLocalRef(repo, id);
      return id;
    }
  }

  /** True when the branch took the commit; false when it moved meanwhile (then the caller writes it again on top). */
  /**
   * Points the ref the push sends at {@code id}; a stale lock a killed worker left on it is removed first, as the
   * fetch does, and any other failure stops the write: the push must never send what the ref held before.
   */
  private static void pointLocalRef(org.eclipse.jgit.lib.Repository repo, ObjectId id) throws IOException {
    for (int attempt = 1; ; attempt++) {
      RefUpdate local = repo.updateRef(LOCAL_REF);
      local.setNewObjectId(id);
      RefUpdate.Result result = local.forceUpdate();
      if (result == RefUpdate.Result.NEW || result == RefUpdate.Result.FORCED || result == RefUpdate.Result.NO_CHANGE) {
        return;
      }
      if (attempt > 1 || RepoCache.removeStaleLocks(repo) == 0) {
        throw new IllegalStateException("cannot point " + LOCAL_REF + " at " + id.name() + " in the mirror: " + result
            + "; nothing was pushed, the write is tried again");
      }
    }
  }

  private boolean push(Git git, String url, String branch, ObjectId commit) throws GitAPIException {
    beforePush.run();
    PushCommand push = git.push().setRemote(url).setRefSpecs(new RefSpec(LOCAL_REF + ":" + Constants.R_HEADS + branch));
    repos.authenticate(push, url);
    for (PushResult result : push.call()) {
      RemoteRefUpdate update = result.getRemoteUpdate(Constants.R_HEADS + branch);
      switch (update.getStatus()) {
        case OK, UP_TO_DATE -> {
          return true;
        }
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
          return false;
        }
        default -> throw new IllegalStateException("pushing " + commit.name().substring(0, 8) + " to " + branch + " of "
            + url + " was refused: " + update.getStatus() + (update.getMessage() == null ? "" : " (" + update.getMessage()
            + ")"));
      }
    }
    throw new IllegalStateException("pushing to " + url + " gave no result for " + branch);
  }
}
