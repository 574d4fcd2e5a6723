package io.stackpilot.worker.dashboard;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.stackpilot.worker.access.Principal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in through an OpenID Connect provider with the authorization code flow and PKCE (Nimbus OAuth 2.0 SDK): a
 * sign-in begins with a fresh state, nonce and code verifier, remembered for ten minutes and used once; the answer is
 * taken only with the state this browser was given (its cookie), the code is exchanged for tokens with the verifier,
 * and the ID token is checked — signature against the provider's keys, issuer, audience, expiry, nonce — before its
 * name and groups claims make the person.
 */
final class OidcSignIn {

  static final Duration PENDING = Duration.ofMinutes(10);
  /** Bounds the memory begun sign-ins take, whoever begins them. */
  private static final int MAX_PENDING = 1000;
  private static final int TIMEOUT_MILLIS = 10_000;

  /** A sign-in the provider refused, or an answer that belongs to none begun here: said to the person as is. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** Where the browser goes to sign in, and the state its cookie keeps until it returns. */
  record Start(URI location, String state) {}

  /** The person signed in, and the dashboard page they set out for. */
  record Signed(Principal principal, String next) {}

  private record Pending(CodeVerifier verifier, Nonce nonce, String next, Instant until) {}

  private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

  private final DashboardSettings.Oidc settings;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private volatile Provider provider;

  OidcSignIn(DashboardSettings.Oidc settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  Start begin(String next) throws Refused {
    Provider p = provider();
    Instant now = clock.instant();
    pending.values().removeIf(s -> s.until().isBefore(now));
    if (pending.size() >= MAX_PENDING) {
      throw new Refused("too many sign-ins are under way; try again in a few minutes");
    }
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    pending.put(state.getValue(), new Pending(verifier, nonce, next, now.plus(PENDING)));
    AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile"),
        new ClientID(settings.clientId()), URI.create(settings.redirectUri()))
        .endpointURI(p.metadata().getAuthorizationEndpointURI()).state(state).nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256).build();
    return new Start(request.toURI(), state.getValue());
  }

  /** The person the provider signed in, from its answer {@code query} to the sign-in whose state is {@code ours}. */
  Signed finish(Map<String, String> query, String ours) throws Refused {
    if (query.get("error") != null) {
      throw new Refused("the identity provider refused the sign-in: " + query.get("error")
          + (query.get("error_description") == null ? "" : " (" + query.get("error_description") + ")"));
    }
    String state = query.get("state");
    if (state == null || ours == null || !state.equals(ours)) {
      throw new Refused("this answer belongs to no sign-in begun in this browser; sign in again");
    }
    Pending begun = pending.remove(state);
    if (begun == null || begun.until().isBefore(clock.instant())) {
      throw new Refused("this sign-in was already used or took longer than " + PENDING.toMinutes() + " minutes; sign in again");
    }
    String code = query.get("code");
    if (code == null || code.isBlank()) {
      throw new Refused("the identity provider answered without an authorization code");
    }
    Provider p = provider();
    IDTokenClaimsSet claims = claims(p, new AuthorizationCode(code), begun);
    String name = claims.getStringClaim(settings.nameClaim());
    if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new Refused("the ID token's " + settings.nameClaim() + " claim is not a name of letters, digits and . _ @ -");
    }
    List<String> groups = claims.getStringListClaim(settings.groupsClaim());
    return new Signed(new Principal(name, groups == null ? List.of() : groups), begun.next());
  }

  private IDTokenClaimsSet claims(Provider p, AuthorizationCode code, Pending begun) throws Refused {
    ClientID client = new ClientID(settings.clientId());
    AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, URI.create(settings.redirectUri()), begun.verifier());
    URI endpoint = p.metadata().getTokenEndpointURI();
    TokenRequest request = settings.clientSecret() == null ? new TokenRequest(endpoint, client, grant)
        : new TokenRequest(endpoint, new ClientSecretBasic(client, new Secret(settings.clientSecret())), grant);
    try {
      HTTPRequest http = request.toHTTPRequest();
      http.setConnectTimeout(TIMEOUT_MILLIS);
      http.setReadTimeout(TIMEOUT_MILLIS);
      TokenResponse response = OIDCTokenResponseParser.parse(http.send());
      if (!response.indicatesSuccess()) {
        var error = response.toErrorResponse().getErrorObject();
        throw new Refused("the identity provider did not give tokens for the code: " + error.getCode()
            + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")"));
      }
      JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
      return p.validator().validate(idToken, begun.nonce());
    } catch (Refused refused) {
      throw refused;
    } catch (com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException bad) {
      throw new Refused("the ID token is not valid: " + bad.getMessage());
    } catch (java.io.IOException | com.nimbusds.oauth2.sdk.ParseException unreachable) {
      throw new Refused("the identity provider's token endpoint did not answer: " + unreachable.getMessage());
    }
  }

  /** The provider's metadata and an ID token validator with its keys, found once (and again after a failure). */
  private Provider provider() throws Refused {
    Provider known = provider;
    if (known != null) {
      return known;
    }
    try {
      OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), TIMEOUT_MILLIS,
          TIMEOUT_MILLIS);
      IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
          JWSAlgorithm.RS256, metadata.getJWKSetURI().toURL());
      provider = new Provider(metadata, validator);
      return provider;
    } catch (Exception unreachable) {
      throw new Refused("the identity provider " + settings.issuer() + " did not answer: " + unreachable.getMessage());
    }
  }
}
