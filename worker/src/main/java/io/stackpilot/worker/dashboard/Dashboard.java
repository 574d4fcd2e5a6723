package io.stackpilot.worker.dashboard;

import static io.stackpilot.worker.dashboard.DashboardExchanges.cookie;
import static io.stackpilot.worker.dashboard.DashboardExchanges.encode;
import static io.stackpilot.worker.dashboard.DashboardExchanges.filterQuery;
import static io.stackpilot.worker.dashboard.DashboardExchanges.form;
import static io.stackpilot.worker.dashboard.DashboardExchanges.html;
import static io.stackpilot.worker.dashboard.DashboardExchanges.readForm;
import static io.stackpilot.worker.dashboard.DashboardExchanges.redirect;
import static io.stackpilot.worker.dashboard.DashboardExchanges.safeNext;
import static io.stackpilot.worker.dashboard.DashboardExchanges.text;

import com.sun.net.httpserver.HttpExchange;
import io.stackpilot.client.Steering;
import io.stackpilot.worker.access.AccessRules;
import io.stackpilot.worker.access.Principal;
import io.stackpilot.worker.access.Role;
import io.stackpilot.worker.http.HttpEndpoints;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.Failures;
import io.temporal.client.WorkflowClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet dashboard, served by the control worker: server-rendered pages (Mustache templates, escaped by default)
 * over stackctl's client calls, a few lines of script that refresh the live parts, no asset from elsewhere. Reading
 * needs a signed-in operator unless {@code dashboard.publicRead} opens the pages on a trusted network, and shows
 * only the stacks the grants let that person see (any other is "not found", as a stack that does not exist); every
 * action needs the operator role on that stack, and the run's history records the operator as the identity of the
 * update or signal it sent. Each action and each refusal of one is an audit event. A page or fragment of a name
 * Temporal knows no stack of starts nothing and is remembered nowhere; reused pages are bounded; failed sign-ins are
 * limited per address.
 */
public final class Dashboard implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
  private static final Pattern STACK = Pattern.compile("/stacks/([a-z0-9-]{2,40})(?:/([a-z]+))?");
  private static final List<String> DECISIONS = List.of("retry", "skip", "accept", "abort");
  private static final List<String> LOOP_SIGNALS = List.of("sync", "pause", "resume");

  private final WorkflowClient client;
  private final Operators operators;
  private final FleetReader fleet;
  private final RolloutReader rollouts;
  private final StackReader stacks;
  private final StackDetails details;
  private final Pages pages = new Pages();
  private final Clock clock;
  private final ReusedPages reused;
  private final ExecutorService askers = Executors.newFixedThreadPool(8, daemon("stackpilot-dashboard-ask"));
  private final Map<String, WorkflowClient> asOperator = new ConcurrentHashMap<>();
  private final SignIns signIns;
  private final boolean publicRead;
  private final AccessRules access;

  public Dashboard(WorkflowClient client, DashboardSettings config, String namespace, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.operators = new Operators(config.operators(), clock);
    WebUiLinks links = new WebUiLinks(config.temporalWebUi(), namespace);
    this.fleet = new FleetReader(client, askers, clock);
    this.rollouts = new RolloutReader(client);
    this.stacks = new StackReader(client, links, clock);
    this.details = new StackDetails(client, stacks, pages, clock);
    this.signIns = new SignIns(config, operators, pages, this::page, clock);
    this.reused = new ReusedPages(clock);
    this.publicRead = config.publicRead();
    this.access = config.access();
  }

  /** Serves on {@code host:port} (port 0 picks a free one); returns the port it listens on. */
  public int serve(HttpEndpoints http, String address) {
    return http.serve(address, "the dashboard", Map.of("/", this::handle));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Security-Policy",
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; "
              + "frame-ancestors 'none'; base-uri 'none'");
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Referrer-Policy", "same-origin");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
      try {
        if (method.equals("GET")) {
          get(exchange, path, query);
        } else if (method.equals("POST")) {
          post(exchange, path);
        } else {
          text(exchange, 405, "GET pages, POST actions");
        }
      } catch (RuntimeException e) {
        LOG.warn("dashboard: {} {} failed", method, path, e);
        html(exchange, 503, pages.render("message", page("Temporal did not answer", exchange).with("message",
            "Temporal did not answer: " + Failures.rootMessage(e) + ". The page loads again once it does.")));
      }
    }
  }

  private void get(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
    if (path.equals("/static/dashboard.css") || path.equals("/static/dashboard.js")) {
      asset(exchange, path.substring("/static/".length()));
      return;
    }
    if (signIns.handles(path)) {
      signIns.get(exchange, path, query);
      return;
    }
    if (!publicRead && signedIn(exchange).isEmpty()) {
      if (path.equals("/fleet/rows") || path.matches("/stacks/[^/]+/[a-z]+")) {
        text(exchange, 401, "sign in to read this dashboard (dashboard.operators; dashboard.publicRead opens it)");
      } else {
        redirect(exchange, "/login?next=" + encode(safeNext(path)));
      }
      return;
    }
    Principal principal = principal(exchange);
    if (path.equals("/")) {
      html(exchange, 200, pages.render("fleet", page("Fleet", exchange).with("fleet", fleet.read(query.get("state"),
          query.get("host"), query.get("label"), access, principal)).with("filter", filterQuery(query))));
      return;
    }
    if (path.equals("/rollouts")) {
      html(exchange, 200, pages.render("rollouts", page("Rollouts", exchange).with("rollouts",
          rollouts.read(access, principal))));
      return;
    }
    if (path.equals("/fleet/rows")) {
      html(exchange, 200, pages.render("fleet-rows", Map.of("fleet", fleet.read(query.get("state"), query.get("host"),
          query.get("label"), access, principal))));
      return;
    }
    Matcher stack = STACK.matcher(path);
    if (!stack.matches()) {
      html(exchange, 404, pages.render("message", page("Not found", exchange).with("message", "No page at " + path + ".")));
      return;
    }
    String customer = stack.group(1);
    String part = stack.group(2);
    Optional<Role> role = access.maySee(principal, customer) && stacks.known(customer)
        ? access.role(principal, customer, stacks.host(customer)) : Optional.empty();
    if (role.isEmpty()) {
      html(exchange, 404, pages.render("message", page("Not found", exchange).with("message",
          "Temporal knows no run or loop of " + customer + (principal.anonymous() ? "" : " that you may see") + ".")));
      return;
    }
    if (part == null) {
      html(exchange, 200, pages.render("stack", stackPage(customer, exchange, role.get()).with("live", stacks.live(customer))
          .with("customer", customer).with("history", stacks.history(customer, 10))
          .with("said", query.get("said")).with("refused", query.get("refused"))));
    } else if (part.equals("live")) {
      html(exchange, 200, pages.render("stack-live", stackPage(customer, exchange, role.get())
          .with("live", stacks.live(customer))));
    } else if (part.equals("backups")) {
      html(exchange, 200, reused.get("backups " + customer, () -> details.backups(customer)));
    } else if (part.equals("plan")) {
      html(exchange, 200, reused.get("plan " + customer, () -> details.plan(customer)));
    } else if (part.equals("audit")) {
      html(exchange, 200, details.audit(customer));
    } else {
      html(exchange, 404, pages.render("message", page("Not found", exchange).with("message", "No page at " + path + ".")));
    }
  }

  private void post(HttpExchange exchange, String path) throws IOException {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (origin != null && !origin.equals("http://" + host) && !origin.equals("https://" + host)) {
      text(exchange, 403, "refused: a form of another site (Origin " + origin + ") cannot act here");
      return;
    }
    Map<String, String> form = readForm(exchange);
    if (signIns.handles(path)) {
      signIns.post(exchange, path, form);
      return;
    }
    Matcher stack = STACK.matcher(path);
    String action = stack.matches() ? stack.group(2) : null;
    if (action == null || !(DECISIONS.contains(action) || LOOP_SIGNALS.contains(action))) {
      text(exchange, 404, "no action at " + path + "; actions: " + String.join(", ", DECISIONS) + ", "
          + String.join(", ", LOOP_SIGNALS));
      return;
    }
    String customer = stack.group(1);
    Audit audit = new Audit(action, customer, exchange.getRemoteAddress().getAddress().getHostAddress());
    Optional<Principal> signedIn = signedIn(exchange);
    if (signedIn.isEmpty()) {
      audit.refused(Principal.ANONYMOUS, null, "not signed in");
      text(exchange, 401, "refused: sign in with an operator token (dashboard.operators in the worker configuration) to " + action);
      return;
    }
    Principal principal = signedIn.get();
    Optional<Role> role = access.maySee(principal, customer) && stacks.known(customer)
        ? access.role(principal, customer, stacks.host(customer)) : Optional.empty();
    if (role.isEmpty()) {
      audit.refused(principal, null, "no role on this stack");
      text(exchange, 404, "refused: Temporal knows no run or loop of " + customer + " that you may see");
      return;
    }
    if (!role.get().includes(Role.OPERATOR)) {
      audit.refused(principal, role.get(), action + " needs the operator role");
      text(exchange, 403, "refused: " + principal.name() + " is a " + role.get().label() + " of " + customer + "; " + action
          + " needs the operator role (dashboard.grants)");
      return;
    }
    String reason = form.getOrDefault("reason", "").strip();
    if ((action.equals("abort") || action.equals("pause")) && reason.isEmpty()) {
      audit.refused(principal, role.get(), "no reason given");
      redirect(exchange, "/stacks/" + customer + "?refused=" + encode(action + " needs a reason, for the record"));
      return;
    }
    Steering steering = new Steering(asOperator.computeIfAbsent(principal.name(), this::clientOf));
    Steering.Outcome outcome = switch (action) {
      case "retry" -> steering.decide(customer, form.getOrDefault("backup", "").isBlank() ? Decision.retry()
          : Decision.retryWith(form.get("backup").strip()));
      case "skip" -> steering.decide(customer, Decision.skip());
      case "accept" -> steering.decide(customer, Decision.accept());
      case "abort" -> steering.decide(customer, Decision.abort(reason + " (" + principal.name() + ", dashboard)"));
      case "sync" -> steering.signalLoop(customer, "sync", ReconcileStackWorkflow::sync);
      case "pause" -> steering.signalLoop(customer, "pause", loop -> loop.pause(reason + " (" + principal.name() + ", dashboard)"));
      default -> steering.signalLoop(customer, "resume", ReconcileStackWorkflow::resume);
    };
    audit.done(principal, role.get(), outcome.done(), outcome.message());
    redirect(exchange, "/stacks/" + customer + "?" + (outcome.done() ? "said=" : "refused=") + encode(outcome.message()));
  }

  /** The client an operator's actions go through: its identity names them in every update and signal it sends. */
  private WorkflowClient clientOf(String operator) {
    return WorkflowClient.newInstance(client.getWorkflowServiceStubs(), client.getOptions().toBuilder()
        .setIdentity(identity(operator)).build());
  }

  /** What a run's history shows as the identity of an operator's action. */
  public static String identity(String operator) {
    return "operator " + operator + " via stackpilot-dashboard";
  }

  /** Who asks: the signed-in operator, or anonymous. */
  private Principal principal(HttpExchange exchange) {
    return signedIn(exchange).orElse(Principal.ANONYMOUS);
  }

  /** The operator of the bearer token a script sends, or who signed in as the session of the cookie. */
  private Optional<Principal> signedIn(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      return operators.byToken(authorization.substring("Bearer ".length()).strip()).map(operators::principal);
    }
    return operators.bySession(cookie(exchange));
  }

  /** The model every page starts from: its title and who is signed in. */
  private PageModel page(String title, HttpExchange exchange) {
    PageModel model = new PageModel();
    model.put("title", title);
    model.put("operator", operators.bySession(cookie(exchange)).map(Principal::name).orElse(null));
    model.put("next", exchange.getRequestURI().getPath());
    return model;
  }

  /** A stack's page: who is signed in, their role there, and whether they may act on it. */
  private PageModel stackPage(String customer, HttpExchange exchange, Role role) {
    return page(customer, exchange).with("role", role.label()).with("mayOperate", role.includes(Role.OPERATOR)
        && operators.bySession(cookie(exchange)).isPresent());
  }

  private void asset(HttpExchange exchange, String name) throws IOException {
    try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/static/" + name)) {
      exchange.getResponseHeaders().set("Cache-Control", "max-age=300");
      HttpEndpoints.reply(exchange, 200, name.endsWith(".css") ? "text/css; charset=utf-8"
          : "text/javascript; charset=utf-8", in.readAllBytes());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    askers.shutdownNow();
  }
}
