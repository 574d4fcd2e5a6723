package io.stackpilot.cli;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Signing in on a terminal with the OAuth 2.0 device authorization grant (RFC 8628, through the Nimbus SDK): the
 * provider gives a code, the person confirms it in a browser anywhere, and the ID token that comes back — checked
 * against the provider's keys, issuer, audience and expiry — names them.
 */
final class DeviceSignIn {

  private static final int TIMEOUT_MILLIS = 10_000;

  private final String issuer;
  private final String clientId;
  private final String nameClaim;
  private final String groupsClaim;

  DeviceSignIn(String issuer, String clientId, String nameClaim, String groupsClaim) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.nameClaim = nameClaim;
    this.groupsClaim = groupsClaim;
  }

  /** Asks for a code, tells {@code out} where to confirm it, and waits for the person (at most {@code patience}). */
  SignedIn signIn(PrintWriter out, Duration patience) throws Exception {
    OIDCProviderMetadata provider = OIDCProviderMetadata.resolve(new Issuer(issuer), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
    if (provider.getDeviceAuthorizationEndpointURI() == null) {
      throw new IllegalStateException(issuer + " offers no device authorization endpoint");
    }
    ClientID client = new ClientID(clientId);
    HTTPRequest ask = new DeviceAuthorizationRequest(provider.getDeviceAuthorizationEndpointURI(), client,
        new Scope("openid", "profile")).toHTTPRequest();
    DeviceAuthorizationResponse answer = DeviceAuthorizationResponse.parse(send(ask));
    if (!answer.indicatesSuccess()) {
      throw new IllegalStateException("the identity provider gave no code: " + describe(answer.toErrorResponse()
          .getErrorObject()));
    }
    DeviceAuthorizationSuccessResponse code = answer.toSuccessResponse();
    out.println("Confirm code " + code.getUserCode().getValue() + " at "
        + (code.getVerificationURIComplete() != null ? code.getVerificationURIComplete() : code.getVerificationURI()));
    out.flush();
    long interval = Math.max(1, code.getInterval());
    Instant giveUp = Instant.now().plus(patience.compareTo(Duration.ofSeconds(code.getLifetime())) < 0 ? patience
        : Duration.ofSeconds(code.getLifetime()));
    while (Instant.now().isBefore(giveUp)) {
      Thread.sleep(interval * 1000);
      TokenResponse tokens = OIDCTokenResponseParser.parse(send(new TokenRequest(provider.getTokenEndpointURI(), client,
          new DeviceCodeGrant(code.getDeviceCode())).toHTTPRequest()));
      if (tokens.indicatesSuccess()) {
        JWT idToken = ((OIDCTokenResponse) tokens.toSuccessResponse()).getOIDCTokens().getIDToken();
        IDTokenClaimsSet claims = new IDTokenValidator(provider.getIssuer(), client, JWSAlgorithm.RS256,
            provider.getJWKSetURI().toURL()).validate(idToken, null);
        String name = claims.getStringClaim(nameClaim);
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
          throw new IllegalStateException("the ID token's " + nameClaim + " claim is not a name of letters, digits and . _ @ -");
        }
        List<String> groups = claims.getStringListClaim(groupsClaim);
        return new SignedIn(name, groups == null ? List.of() : groups, issuer, claims.getExpirationTime().toInstant()
            .toString());
      }
      ErrorObject error = tokens.toErrorResponse().getErrorObject();
      if ("slow_down".equals(error.getCode())) {
        interval += 5;
      } else if (!"authorization_pending".equals(error.getCode())) {
        throw new IllegalStateException("the identity provider refused the sign-in: " + describe(error));
      }
    }
    throw new IllegalStateException("nobody confirmed the code in time; run stackctl login again");
  }

  private static com.nimbusds.oauth2.sdk.http.HTTPResponse send(HTTPRequest request) throws java.io.IOException {
    request.setConnectTimeout(TIMEOUT_MILLIS);
    request.setReadTimeout(TIMEOUT_MILLIS);
    return request.send();
  }

  private static String describe(ErrorObject error) {
    return error.getCode() + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")");
  }
}
