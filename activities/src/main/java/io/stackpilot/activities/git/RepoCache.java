package io.stackpilot.activities.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local bare mirror of each customer repo, one per URL: created on first use, fetched (never cloned again)
 * afterwards. Resolves refs to commits and reads files at a commit without a work tree.
 */
public final class RepoCache {

  private static final List<RefSpec> REFSPECS = List.of(
      new RefSpec("+refs/heads/*:refs/remotes/origin/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

  /** How old a lock of a ref update in a mirror is before it is taken as left by a killed worker. */
  static final Duration STALE_LOCK = Duration.ofSeconds(10);
  /** What a fetch may do to a ref and still have brought the mirror up to date. */
  private static final Set<RefUpdate.Result> UPDATED = Set.of(RefUpdate.Result.NEW, RefUpdate.Result.FORCED,
      RefUpdate.Result.FAST_FORWARD, RefUpdate.Result.NO_CHANGE);
  private static final Logger LOG = LoggerFactory.getLogger(RepoCache.class);

  private final Path root;
  private final GitCredentials credentials;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public RepoCache(Path root, GitCredentials credentials) {
    this.root = root;
    this.credentials = credentials;
  }

  /** Brings the mirror of {@code url} up to date and resolves {@code ref} (branch, tag or commit id). */
  public String fetchAndResolve(String url, String ref) throws GitAPIException, IOException {
    ReentrantLock lock = locks.computeIfAbsent(url, u -> new ReentrantLock());
    lock.lock();
    try (Git git = open(url)) {
      fetch(git, url);
      return resolve(git.getRepository(), url, ref).name();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Fetches every branch and tag of {@code url} into its mirror. A ref the fetch could not update is never passed over
   * in silence (JGit reports it without throwing, and the mirror would go on serving the old commit): a lock a worker
   * killed in the middle of an update left behind is removed and the fetch made again; anything else fails the fetch.
   */
  private void fetch(Git git, String url) throws GitAPIException, IOException {
    for (int attempt = 1; ; attempt++) {
      FetchCommand fetch = git.fetch().setRemote(url).setRefSpecs(REFSPECS).setRemoveDeletedRefs(true);
      authenticate(fetch, url);
      List<TrackingRefUpdate> failed = fetch.call().getTrackingRefUpdates().stream()
          .filter(update -> !UPDATED.contains(update.getResult())).toList();
      if (failed.isEmpty()) {
        return;
      }
      if (attempt == 1 && removeStaleLocks(git.getRepository()) > 0) {
        continue;
      }
      throw new IllegalStateException("fetching " + url + " could not update " + String.join(", ", failed.stream()
          .map(u -> u.getLocalName() + " (" + u.getResult() + ")").toList()) + " in " + mirror(url)
          + ": the mirror still holds the commits of an earlier fetch; a lock younger than " + STALE_LOCK.toSeconds()
          + " s is left to whoever holds it, and the fetch is tried again");
    }
  }

  /**
   * Removes the lock files of ref updates in {@code repo} (below refs/, of packed-refs and HEAD) older than
   * {@link #STALE_LOCK}: a ref update holds its lock for milliseconds, and only this worker uses its cache, so an old
   * one was left by a worker killed while it held it.
   */
  static int removeStaleLocks(Repository repo) throws IOException {
    Path dir = repo.getDirectory().toPath();
    long before = System.currentTimeMillis() - STALE_LOCK.toMillis();
    List<Path> locks = new java.util.ArrayList<>(List.of(dir.resolve("packed-refs.lock"), dir.resolve("HEAD.lock")));
    if (Files.isDirectory(dir.resolve("refs"))) {
      try (var files = Files.walk(dir.resolve("refs"))) {
        files.filter(f -> f.getFileName().toString().endsWith(".lock")).forEach(locks::add);
      }
    }
    int removed = 0;
    for (Path lock : locks) {
      try {
        if (Files.getLastModifiedTime(lock).toMillis() < before && Files.deleteIfExists(lock)) {
          LOG.warn("removed {}, left by a worker killed while it updated a ref of the mirror", lock);
          removed++;
        }
      } catch (java.nio.file.NoSuchFileException gone) {
        // not there, or released meanwhile
      }
    }
    return removed;
  }

  /** What the worker's configuration gives for {@code url}: a password or token, or an SSH key. */
  void authenticate(org.eclipse.jgit.api.TransportCommand<?, ?> command, String url) {
    credentials.forUrl(url).ifPresent(command::setCredentialsProvider);
    credentials.sshFor(url, root.resolve("ssh-home")).ifPresent(factory -> command.setTransportConfigCallback(transport -> {
      if (transport instanceof SshTransport ssh) {
        ssh.setSshSessionFactory(factory);
      }
    }));
  }

  /** Work on the mirror of {@code url}. */
  interface MirrorWork<T> {
    T apply(Git git) throws IOException, GitAPIException;
  }

  /** Runs {@code work} on the mirror of {@code url}, alone: no fetch of the same URL runs meanwhile. */
  <T> T withMirror(String url, MirrorWork<T> work) throws IOException, GitAPIException {
    ReentrantLock lock = locks.computeIfAbsent(url, u -> new ReentrantLock());
    lock.lock();
    try (Git git = open(url)) {
      return work.apply(git);
    } finally {
      lock.unlock();
    }
  }

  /** The commit with its raw content, for checks such as its signature. */
  public RevCommit commit(String url, String commit) throws IOException {
    try (Git git = open(url); RevWalk walk = new RevWalk(git.getRepository())) {
      return walk.parseCommit(ObjectId.fromString(commit));
    }
  }

  /** The text of {@code path} at {@code commit}, or empty when the commit has no such file. */
  public Optional<String> read(String url, String commit, String path) throws IOException {
    try (Git git = open(url); RevWalk walk = new RevWalk(git.getRepository())) {
      RevCommit revCommit = walk.parseCommit(ObjectId.fromString(commit));
      try (TreeWalk tree = TreeWalk.forPath(git.getRepository(), path, revCommit.getTree())) {
        if (tree == null) {
          return Optional.empty();
        }
        ObjectLoader loader = git.getRepository().open(tree.getObjectId(0));
        return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  /** Where the mirror of {@code url} lives; fetching reuses it. */
  Path mirror(String url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return root.resolve(HexFormat.of().formatHex(digest, 0, 12) + ".git");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Git open(String url) throws IOException {
    Path dir = mirror(url);
    try {
      if (Files.isDirectory(dir.resolve("objects"))) {
        return Git.open(dir.toFile());
      }
      Files.createDirectories(root);
      return Git.init().setBare(true).setDirectory(dir.toFile()).call();
    } catch (GitAPIException e) {
      throw new IOException("cannot create the mirror of " + url + " in " + dir, e);
    }
  }

  private static ObjectId resolve(Repository repo, String url, String ref) throws IOException {
    for (String name : List.of(Constants.R_REMOTES + "origin/" + ref, Constants.R_TAGS + ref)) {
      Ref found = repo.exactRef(name);
      if (found != null) {
        Ref peeled = repo.getRefDatabase().peel(found);
        ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : found.getObjectId();
        return commitOf(repo, id, url, ref);
      }
    }
    if (ref.matches("[0-9a-f]{7,40}")) {
      ObjectId id = repo.resolve(ref + "^{commit}");
      if (id != null) {
        return id;
      }
    }
    throw new UnknownRefException("ref '" + ref + "' is not a branch, tag or commit of " + url + " (branches: "
        + names(repo, Constants.R_REMOTES + "origin/") + "; tags: " + names(repo, Constants.R_TAGS) + ")");
  }

  private static ObjectId commitOf(Repository repo, ObjectId id, String url, String ref) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      return walk.parseCommit(id).getId();
    } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      throw new UnknownRefException("ref '" + ref + "' of " + url + " does not point to a commit");
    }
  }

  private static String names(Repository repo, String prefix) {
    try {
      List<String> names = repo.getRefDatabase().getRefsByPrefix(prefix).stream()
          .map(r -> r.getName().substring(prefix.length())).sorted().toList();
      return names.isEmpty() ? "none" : String.join(", ", names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
