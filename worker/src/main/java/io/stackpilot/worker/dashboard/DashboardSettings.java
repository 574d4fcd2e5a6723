package io.stackpilot.worker.dashboard;

import io.stackpilot.worker.access.AccessRules;
import io.stackpilot.worker.access.Grant;
import java.util.List;

/**
 * The fleet dashboard on {@code address} (null: off): pages for the operators listed (each token resolved from its
 * reference; a credential) and for the people {@code oidc} signs in — or, with {@code publicRead}, read-only pages for
 * whoever reaches the address on a trusted network — actions only within what {@code grants} give them ({@code null}:
 * no grants configured, every operator operates every stack), and links to the Temporal Web UI when
 * {@code temporalWebUi} (its base URL) is set.
 */
public record DashboardSettings(String address, List<Operator> operators, String temporalWebUi, boolean publicRead,
    List<Grant> grants, Oidc oidc) {

  public static final DashboardSettings NONE = new DashboardSettings(null, List.of(), null, false);

  /**
   * Sign-in through an OpenID Connect provider: its {@code issuer}, this dashboard's client there ({@code clientSecret}
   * null for a public client, which PKCE alone protects), the {@code redirectUri} the browser returns to (this
   * dashboard's {@code /login/oidc/callback} as the browser reaches it; https makes the session cookie {@code Secure}),
   * and the ID token claims that carry the person's name and groups.
   */
  public record Oidc(String issuer, String clientId, String clientSecret, String redirectUri, String nameClaim,
      String groupsClaim) {

    public boolean secureCookies() {
      return redirectUri.startsWith("https://");
    }
  }

  public DashboardSettings(String address, List<Operator> operators, String temporalWebUi, boolean publicRead) {
    this(address, operators, temporalWebUi, publicRead, null, null);
  }

  public DashboardSettings(String address, List<Operator> operators, String temporalWebUi) {
    this(address, operators, temporalWebUi, false);
  }

  public DashboardSettings withGrants(List<Grant> changed) {
    return new DashboardSettings(address, operators, temporalWebUi, publicRead, List.copyOf(changed), oidc);
  }

  public DashboardSettings withOidc(Oidc changed) {
    return new DashboardSettings(address, operators, temporalWebUi, publicRead, grants, changed);
  }

  /** Who may do what: the grants, or every operator on every stack when none are configured. */
  public AccessRules access() {
    return grants == null ? AccessRules.everyOperatorEverywhere(operators.stream().map(Operator::name).toList(), publicRead)
        : new AccessRules(grants, publicRead);
  }
}
