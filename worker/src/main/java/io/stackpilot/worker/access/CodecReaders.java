package io.stackpilot.worker.access;

import io.stackpilot.worker.dashboard.DashboardSettings;
import io.stackpilot.worker.http.CodecEndpoint;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The people who may decode payloads at the codec endpoint besides its static tokens: an access token the dashboard's
 * identity provider issued to one of the team's applications (the Temporal Web UI with its own sign-in), for a person
 * the grants let read every stack — a payload does not say whose run it belongs to. Each decision is an audit event.
 */
public final class CodecReaders implements CodecEndpoint.People {

  private static final Logger AUDIT = LoggerFactory.getLogger("io.stackpilot.audit");

  private final AccessTokens tokens;
  private final AccessRules rules;

  public CodecReaders(DashboardSettings dashboard, List<String> clients) {
    DashboardSettings.Oidc oidc = dashboard.oidc();
    this.tokens = new AccessTokens(oidc.issuer(), clients, oidc.nameClaim(), oidc.groupsClaim());
    this.rules = dashboard.access();
  }

  @Override
  public String refusal(String bearer) {
    Principal person;
    try {
      person = tokens.person(bearer);
    } catch (AccessTokens.Refused refused) {
      return refused.getMessage();
    }
    if (!rules.seesEverything(person)) {
      AUDIT.warn("{} was refused the codec endpoint: no grant to read every stack", person.name());
      return "refused: " + person.name() + " may not read every stack's payloads (the codec endpoint needs a grant for "
          + "every customer on every host)";
    }
    AUDIT.info("{} uses the codec endpoint", person.name());
    return null;
  }
}
