package io.stackpilot.worker.dashboard;

import static io.stackpilot.worker.dashboard.DashboardExchanges.COOKIE;
import static io.stackpilot.worker.dashboard.DashboardExchanges.cookie;
import static io.stackpilot.worker.dashboard.DashboardExchanges.html;
import static io.stackpilot.worker.dashboard.DashboardExchanges.redirect;
import static io.stackpilot.worker.dashboard.DashboardExchanges.safeNext;
import static io.stackpilot.worker.dashboard.DashboardExchanges.text;

import com.sun.net.httpserver.HttpExchange;
import io.stackpilot.worker.access.Principal;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out of the dashboard: with an operator token (a form, limited per address), or through the
 * configured OpenID Connect provider ({@code /login/oidc}, back at {@code /login/oidc/callback}); signing out ends the
 * session. Session cookies are {@code HttpOnly}, {@code SameSite=Strict}, and {@code Secure} when the dashboard is
 * reached over https; the state of a sign-in under way is in a cookie of its own, {@code SameSite=Lax} (the
 * provider's answer is a navigation from its site) and limited to the callback's path. Each sign-in, refused or not,
 * is an event of the audit log.
 */
final class SignIns {

  private static final Logger AUDIT = Audit.LOG;
  private static final Logger LOG = LoggerFactory.getLogger(SignIns.class);
  static final String OIDC_COOKIE = "stackpilot_oidc";
  static final String OIDC_PATH = "/login/oidc";
  static final String CALLBACK_PATH = "/login/oidc/callback";

  private final Operators operators;
  private final Pages pages;
  private final BiFunction<String, HttpExchange, PageModel> page;
  private final SignInLimit limit;
  private final OidcSignIn oidc;
  private final String issuer;
  private final String secure;

  SignIns(DashboardSettings config, Operators operators, Pages pages, BiFunction<String, HttpExchange, PageModel> page,
      Clock clock) {
    this.operators = operators;
    this.pages = pages;
    this.page = page;
    this.limit = new SignInLimit(clock);
    this.oidc = config.oidc() == null ? null : new OidcSignIn(config.oidc(), clock);
    this.issuer = config.oidc() == null ? null : config.oidc().issuer();
    this.secure = config.oidc() != null && config.oidc().secureCookies() ? "; Secure" : "";
  }

  boolean handles(String path) {
    return path.equals("/login") || path.equals("/logout") || path.equals(OIDC_PATH) || path.equals(CALLBACK_PATH);
  }

  void get(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
    if (path.equals(OIDC_PATH) && oidc != null) {
      begin(exchange, safeNext(query.get("next")));
    } else if (path.equals(CALLBACK_PATH) && oidc != null) {
      finish(exchange, query);
    } else if (path.equals("/login")) {
      html(exchange, 200, loginPage(exchange, query.get("next"), null));
    } else {
      text(exchange, 404, "no page at " + path);
    }
  }

  void post(HttpExchange exchange, String path, Map<String, String> form) throws IOException {
    if (path.equals("/logout")) {
      operators.bySession(cookie(exchange)).ifPresent(p -> AUDIT.info("{} signed out of the dashboard from {}", p.name(),
          from(exchange)));
      operators.signOut(cookie(exchange));
      exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + secure);
      redirect(exchange, "/");
      return;
    }
    if (!path.equals("/login")) {
      text(exchange, 404, "no action at " + path);
      return;
    }
    String address = from(exchange);
    if (!limit.allows(address)) {
      LOG.warn("dashboard: sign-in from {} refused unread: too many failed sign-ins", address);
      text(exchange, 429, "too many failed sign-ins from this address; try again in a minute");
      return;
    }
    Optional<String> operator = operators.byToken(form.get("token"));
    if (operator.isEmpty()) {
      limit.failed(address);
      AUDIT.warn("a sign-in with a token of no operator was refused from {}", address);
      html(exchange, 401, loginPage(exchange, form.get("next"),
          "That token belongs to no operator of this worker (dashboard.operators)."));
      return;
    }
    AUDIT.info("{} signed in to the dashboard with their token from {}", operator.get(), address);
    session(exchange, operators.principal(operator.get()));
    redirect(exchange, safeNext(form.get("next")));
  }

  private void begin(HttpExchange exchange, String next) throws IOException {
    try {
      OidcSignIn.Start start = oidc.begin(next);
      exchange.getResponseHeaders().add("Set-Cookie", OIDC_COOKIE + "=" + start.state() + "; Path=" + CALLBACK_PATH
          + "; HttpOnly; SameSite=Lax; Max-Age=" + OidcSignIn.PENDING.toSeconds() + secure);
      redirect(exchange, start.location().toString());
    } catch (OidcSignIn.Refused refused) {
      html(exchange, 503, loginPage(exchange, next, refused.getMessage()));
    }
  }

  /**
   * The provider's answer. The session cookie is set on a page that then moves on by itself: a cookie marked
   * {@code SameSite=Strict} is not sent on the redirects of a navigation another site began, so a plain redirect would
   * arrive signed out.
   */
  private void finish(HttpExchange exchange, Map<String, String> query) throws IOException {
    exchange.getResponseHeaders().add("Set-Cookie", OIDC_COOKIE + "=; Path=" + CALLBACK_PATH
        + "; HttpOnly; SameSite=Lax; Max-Age=0" + secure);
    OidcSignIn.Signed signed;
    try {
      signed = oidc.finish(query, cookie(exchange, OIDC_COOKIE));
    } catch (OidcSignIn.Refused refused) {
      AUDIT.warn("a sign-in through {} was refused from {}: {}", issuer, from(exchange), refused.getMessage());
      html(exchange, 401, loginPage(exchange, "/", refused.getMessage()));
      return;
    }
    AUDIT.info("{} signed in to the dashboard through {} from {} (groups: {})", signed.principal().name(), issuer,
        from(exchange), String.join(", ", signed.principal().groups()));
    session(exchange, signed.principal());
    html(exchange, 200, pages.render("signed-in", Map.of("next", safeNext(signed.next()),
        "name", signed.principal().name())));
  }

  private void session(HttpExchange exchange, Principal principal) {
    exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + operators.signIn(principal)
        + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + Operators.SESSION.toSeconds() + secure);
  }

  private String loginPage(HttpExchange exchange, String next, String refused) {
    PageModel model = page.apply("Sign in", exchange).with("next", safeNext(next))
        .with("noOperators", !operators.any() && oidc == null).with("oidc", oidc != null);
    return pages.render("login", refused == null ? model : model.with("refused", refused));
  }

  private static String from(HttpExchange exchange) {
    return exchange.getRemoteAddress().getAddress().getHostAddress();
  }
}
