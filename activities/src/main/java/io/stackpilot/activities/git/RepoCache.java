package io.stackpilot.activities.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A local bare mirror of each customer repo, one per URL: created on first use, fetched (never cloned again)
 * afterwards. Resolves refs to commits and reads files at a commit without a work tree.
 */
public final class RepoCache {

  private static final List<RefSpec> REFSPECS = List.of(
      new RefSpec("+refs/heads/*:refs/remotes/origin/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

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
      FetchCommand fetch = git.fetch().setRemote(url).setRefSpecs(REFSPECS).setRemoveDeletedRefs(true);
      authenticate(fetch, url);
      fetch.call();
      return resolve(git.getRepository(), url, ref).name();
    } finally {
      lock.unlock();
    }
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
