package io.stackpilot.worker.access;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.util.List;
import java.util.Set;

/**
 * Access tokens the identity provider issued to other applications of the team — the Temporal Web UI passing its own
 * sign-in on to the codec endpoint — taken as a person when their signature (the provider's published keys),
 * issuer and expiry hold and they were issued to one of {@code clients} (their {@code azp} or audience).
 */
public final class AccessTokens {

  /** A token that makes nobody: said as is. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  private static final int TIMEOUT_MILLIS = 10_000;

  private final String issuer;
  private final List<String> clients;
  private final String nameClaim;
  private final String groupsClaim;
  private volatile DefaultJWTProcessor<SecurityContext> processor;

  public AccessTokens(String issuer, List<String> clients, String nameClaim, String groupsClaim) {
    this.issuer = issuer;
    this.clients = List.copyOf(clients);
    this.nameClaim = nameClaim;
    this.groupsClaim = groupsClaim;
  }

  /** The person {@code token} stands for. */
  public Principal person(String token) throws Refused {
    JWTClaimsSet claims;
    try {
      claims = processor().process(token, null);
    } catch (Refused refused) {
      throw refused;
    } catch (Exception invalid) {
      throw new Refused("not a valid access token of " + issuer + ": " + invalid.getMessage());
    }
    try {
      String azp = claims.getStringClaim("azp");
      List<String> audience = claims.getAudience();
      if (!clients.contains(azp) && audience.stream().noneMatch(clients::contains)) {
        throw new Refused("an access token issued to " + (azp == null ? audience : azp) + ", none of "
            + String.join(", ", clients));
      }
      String name = claims.getStringClaim(nameClaim);
      if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
        throw new Refused("the access token's " + nameClaim + " claim is not a name of letters, digits and . _ @ -");
      }
      List<String> groups = claims.getStringListClaim(groupsClaim);
      return new Principal(name, groups == null ? List.of() : groups);
    } catch (java.text.ParseException badClaim) {
      throw new Refused("the access token's claims cannot be read: " + badClaim.getMessage());
    }
  }

  private DefaultJWTProcessor<SecurityContext> processor() throws Refused {
    DefaultJWTProcessor<SecurityContext> known = processor;
    if (known != null) {
      return known;
    }
    try {
      OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(new Issuer(issuer), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
      JWKSource<SecurityContext> keys = JWKSourceBuilder.create(provider.getJWKSetURI().toURL()).build();
      DefaultJWTProcessor<SecurityContext> created = new DefaultJWTProcessor<>();
      created.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
      created.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null,
          new JWTClaimsSet.Builder().issuer(provider.getIssuer().getValue()).build(), Set.of("exp", "iat")));
      processor = created;
      return created;
    } catch (Exception unreachable) {
      throw new Refused("the identity provider " + issuer + " did not answer: " + unreachable.getMessage());
    }
  }
}
