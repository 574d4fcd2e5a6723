package io.stackpilot.activities.git;

import io.stackpilot.model.InvalidConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;

/**
 * Signs the commits the worker writes into customer repos with its OpenPGP key, as {@code git commit -S} does: a
 * detached, armored signature over the commit object without its signature header. A repo that deploys only signed
 * commits (the worker's {@code signedCommits}) then takes a rollout's commit once the operator trusts this key there.
 */
public final class CommitSigner {

  private final PGPPublicKey publicKey;
  private final PGPPrivateKey privateKey;

  private CommitSigner(PGPPublicKey publicKey, PGPPrivateKey privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  /**
   * The first signing key of an armored OpenPGP secret key ({@code gpg --armor --export-secret-keys}), unlocked with
   * {@code passphrase} (null for a key without one).
   *
   * @throws InvalidConfigurationException saying what the key lacks, never anything of the key itself
   */
  public static CommitSigner of(String armoredSecretKey, char[] passphrase) {
    PGPSecretKeyRingCollection rings;
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(
        armoredSecretKey.getBytes(StandardCharsets.US_ASCII)))) {
      rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
    } catch (IOException | PGPException | RuntimeException e) {
      throw new InvalidConfigurationException("is not an armored OpenPGP secret key (gpg --armor --export-secret-keys)");
    }
    for (Iterator<PGPSecretKeyRing> ring = rings.getKeyRings(); ring.hasNext(); ) {
      for (Iterator<PGPSecretKey> keys = ring.next().getSecretKeys(); keys.hasNext(); ) {
        PGPSecretKey key = keys.next();
        if (!key.isSigningKey() || key.isPrivateKeyEmpty()) {
          continue;
        }
        try {
          PGPPrivateKey unlocked = key.extractPrivateKey(passphrase == null ? null
              : new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase));
          if (unlocked == null) {
            throw new InvalidConfigurationException("holds key " + fingerprint(key.getPublicKey())
                + " without its private part");
          }
          return new CommitSigner(key.getPublicKey(), unlocked);
        } catch (PGPException | IllegalArgumentException e) {
          throw new InvalidConfigurationException("key " + fingerprint(key.getPublicKey()) + " cannot be unlocked"
              + (passphrase == null ? ": it has a passphrase, give it in rollouts.signingKeyPassphrase"
              : " with the passphrase given"));
        }
      }
    }
    throw new InvalidConfigurationException("holds no secret key that can sign");
  }

  /** The signing key's fingerprint, as gpg prints it: what an operator adds to a repo's trusted keys. */
  public String fingerprint() {
    return fingerprint(publicKey);
  }

  private static String fingerprint(PGPPublicKey key) {
    return HexFormat.of().formatHex(key.getFingerprint()).toUpperCase(Locale.ROOT);
  }

  /** Signs {@code commit} as it stands; set nothing on it afterwards. */
  void sign(CommitBuilder commit) {
    try {
      PGPSignatureGenerator generator = new PGPSignatureGenerator(
          new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256), publicKey);
      generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, new Date());
      hashed.setIssuerFingerprint(false, publicKey);
      generator.setHashedSubpackets(hashed.generate());
      generator.update(commit.build());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
        armored.clearHeaders();
        generator.generate().encode(armored);
      }
      commit.setGpgSignature(new GpgSignature(out.toByteArray()));
    } catch (PGPException e) {
      throw new IllegalStateException("signing the commit with key " + fingerprint() + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
