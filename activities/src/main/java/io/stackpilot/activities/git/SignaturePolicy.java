package io.stackpilot.activities.git;

import io.stackpilot.model.RepoUrl;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Which customer repos must deploy only commits signed by a trusted OpenPGP key, and the keys. Configured on
 * the worker, by repo URL prefix: a repository cannot switch off the check on itself.
 */
public final class SignaturePolicy {

  /** Commits of repos whose URL starts with {@code urlPrefix} must be signed by one of {@code armoredKeys}. */
  public record Rule(String urlPrefix, List<String> armoredKeys) {}

  private record CompiledRule(String urlPrefix, PGPPublicKeyRingCollection keys) {}

  private final List<CompiledRule> rules = new ArrayList<>();

  public SignaturePolicy(List<Rule> rules) {
    for (Rule rule : rules) {
      List<PGPPublicKeyRing> rings = new ArrayList<>();
      for (String armored : rule.armoredKeys()) {
        rings.add(readKey(armored));
      }
      this.rules.add(new CompiledRule(rule.urlPrefix(), new PGPPublicKeyRingCollection(rings)));
    }
  }

  public static SignaturePolicy none() {
    return new SignaturePolicy(List.of());
  }

  /**
   * Checks {@code commit} of {@code url} when a rule covers the URL.
   *
   * @throws UntrustedCommitException naming the commit and its signer when the commit is unsigned, signed by
   *     a key that is not trusted, or its signature does not verify
   */
  void check(String url, RevCommit commit) {
    if (!rules.isEmpty() && RepoUrl.normalized(url).isEmpty()) {
      throw new UntrustedCommitException("repo URL " + url + " cannot be read as a repo URL, so the signed-commit rules "
          + "cannot tell whether they cover it; nothing is deployed from it");
    }
    Optional<CompiledRule> rule = rules.stream().filter(r -> RepoUrl.covers(r.urlPrefix(), url))
        .max((a, b) -> Integer.compare(a.urlPrefix().length(), b.urlPrefix().length()));
    if (rule.isEmpty()) {
      return;
    }
    String id = commit.name().substring(0, 12);
    byte[] armoredSignature = commit.getRawGpgSignature();
    if (armoredSignature == null) {
      throw new UntrustedCommitException("commit " + id + " of " + url + " is not signed; this repo may only deploy "
          + "commits signed by " + trusted(rule.get().keys()));
    }
    PGPSignature signature = signature(armoredSignature, id);
    PGPPublicKey key = rule.get().keys().getPublicKey(signature.getKeyID());
    String signer = "key " + keyId(signature.getKeyID());
    if (key == null) {
      throw new UntrustedCommitException("commit " + id + " of " + url + " is signed by " + signer
          + ", which is not trusted (trusted: " + trusted(rule.get().keys()) + ")");
    }
    try {
      signature.init(new BcPGPContentVerifierBuilderProvider(), key);
      signature.update(signedPayload(commit.getRawBuffer()));
      if (!signature.verify()) {
        throw new UntrustedCommitException("commit " + id + " of " + url + ": the signature by " + signer + " ("
            + userId(key) + ") does not match the commit: it was altered after signing");
      }
    } catch (PGPException e) {
      throw new UntrustedCommitException("commit " + id + " of " + url + ": cannot verify its signature: " + e.getMessage());
    }
  }

  private static PGPSignature signature(byte[] armored, String commit) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
      JcaPGPObjectFactory factory = new JcaPGPObjectFactory(in);
      Object object = factory.nextObject();
      if (object instanceof PGPCompressedData compressed) {
        object = new JcaPGPObjectFactory(compressed.getDataStream()).nextObject();
      }
      if (object instanceof PGPSignatureList list && !list.isEmpty()) {
        return list.get(0);
      }
      throw new UntrustedCommitException("commit " + commit + " carries a signature that is not an OpenPGP signature");
    } catch (IOException | PGPException e) {
      throw new UntrustedCommitException("commit " + commit + " carries a signature that cannot be read: " + e.getMessage());
    }
  }

  /** The commit as it was signed: the raw object without its gpgsig header. */
  static byte[] signedPayload(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    int i = 0;
    boolean inHeaders = true;
    boolean skipping = false;
    while (i < raw.length) {
      int end = i;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      int next = Math.min(end + 1, raw.length);
      if (inHeaders && end == i) {
        inHeaders = false;
      }
      boolean continuation = raw[i] == ' ' && end > i;
      if (inHeaders && startsWith(raw, i, "gpgsig ")) {
        skipping = true;
      } else if (!(skipping && continuation)) {
        skipping = false;
        out.write(raw, i, next - i);
      }
      i = next;
    }
    return out.toByteArray();
  }

  private static boolean startsWith(byte[] raw, int at, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    if (at + p.length > raw.length) {
      return false;
    }
    for (int k = 0; k < p.length; k++) {
      if (raw[at + k] != p[k]) {
        return false;
      }
    }
    return true;
  }

  private static PGPPublicKeyRing readKey(String armored) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
      return new PGPPublicKeyRing(in, new BcKeyFingerprintCalculator());
    } catch (IOException e) {
      throw new UncheckedIOException("a trusted key is not an armored OpenPGP public key", e);
    }
  }

  private static String trusted(PGPPublicKeyRingCollection keys) {
    List<String> names = new ArrayList<>();
    for (Iterator<PGPPublicKeyRing> it = keys.getKeyRings(); it.hasNext(); ) {
      PGPPublicKey master = it.next().getPublicKey();
      names.add(HexFormat.of().formatHex(master.getFingerprint()).toUpperCase(Locale.ROOT) + " (" + userId(master) + ")");
    }
    return String.join(", ", names);
  }

  private static String userId(PGPPublicKey key) {
    Iterator<String> ids = key.getUserIDs();
    return ids.hasNext() ? ids.next() : "no user id";
  }

  private static String keyId(long keyId) {
    return String.format("%016X", keyId);
  }
}
