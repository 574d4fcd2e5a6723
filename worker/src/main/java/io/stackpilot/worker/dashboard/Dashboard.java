package io.stackpilot.worker.dashboard;

import static io.stackpilot.worker.dashboard.DashboardExchanges.COOKIE;
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
import io.stackpilot.client.Backups;
import io.stackpilot.client.Plans;
import io.stackpilot.client.Steering;
import io.stackpilot.worker.http.HttpEndpoints;
import io.stackpilot.workflows.reconcile.ReconcileStackWorkflow;
import io.stackpilot.workflows.api.ByteSizes;
import io.stackpilot.workflows.api.CatalogResult;
import io.stackpilot.workflows.api.Decision;
import io.stackpilot.workflows.api.Failures;
import io.stackpilot.workflows.api.PlanResult;
import io.stackpilot.workflows.api.ReconcileStatus;
import io.temporal.client.WorkflowClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
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
 * needs a signed-in operator unless {@code dashboard.publicRead} opens the pages on a trusted network; every action
 * needs an operator's token, and the run's history records the operator as the identity of the update or signal it
 * sent. A page or fragment of a name Temporal knows no stack of starts nothing and is remembered nowhere; reused pages
 * are bounded; failed sign-ins are limited per address.
 */
public final class Dashboard implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
  private static final Pattern STACK = Pattern.compile("/stacks/([a-z0-9-]{2,40})(?:/([a-z]+))?");
  private static final List<String> DECISIONS = List.of("retry", "skip", "accept", "abort");
  private static final List<String> LOOP_SIGNALS = List.of("sync", "pause", "resume");

  private final WorkflowClient client;
  private final Operators operators;
  private final FleetReader fleet;
  private final StackReader stacks;
  private final Pages pages = new Pages();
  private final Clock clock;
  private final ReusedPages reused;
  private final ExecutorService askers = Executors.newFixedThreadPool(8, daemon("stackpilot-dashboard-ask"));
  private final Map<String, WorkflowClient> asOperator = new ConcurrentHashMap<>();
  private final SignInLimit signIns;
  private final boolean publicRead;

  public Dashboard(WorkflowClient client, DashboardSettings config, String namespace, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.operators = new Operators(config.operators(), clock);
    WebUiLinks links = new WebUiLinks(config.temporalWebUi(), namespace);
    this.fleet = new FleetReader(client, askers, clock);
    this.stacks = new StackReader(client, links, clock);
    this.signIns = new SignInLimit(clock);
    this.reused = new ReusedPages(clock);
    this.publicRead = config.publicRead();
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
    if (path.equals("/login")) {
      html(exchange, 200, pages.render("login", page("Sign in", exchange).with("next", safeNext(query.get("next")))
          .with("noOperators", !operators.any())));
      return;
    }
    if (!publicRead && operator(exchange).isEmpty()) {
      if (path.equals("/fleet/rows") || path.matches("/stacks/[^/]+/[a-z]+")) {
        text(exchange, 401, "sign in to read this dashboard (dashboard.operators; dashboard.publicRead opens it)");
      } else {
        redirect(exchange, "/login?next=" + encode(safeNext(path)));
      }
      return;
    }
    if (path.equals("/")) {
      html(exchange, 200, pages.render("fleet", page("Fleet", exchange).with("fleet", fleet.read(query.get("state"),
          query.get("host"))).with("filter", filterQuery(query))));
      return;
    }
    if (path.equals("/fleet/rows")) {
      html(exchange, 200, pages.render("fleet-rows", Map.of("fleet", fleet.read(query.get("state"), query.get("host")))));
      return;
    }
    Matcher stack = STACK.matcher(path);
    if (!stack.matches()) {
      html(exchange, 404, pages.render("message", page("Not found", exchange).with("message", "No page at " + path + ".")));
      return;
    }
    String customer = stack.group(1);
    String part = stack.group(2);
    if (!stacks.known(customer)) {
      html(exchange, 404, pages.render("message", page("Not found", exchange).with("message",
          "Temporal knows no run or loop of " + customer + ".")));
      return;
    }
    if (part == null) {
      html(exchange, 200, pages.render("stack", page(customer, exchange).with("live", stacks.live(customer))
          .with("customer", customer).with("history", stacks.history(customer, 10))
          .with("said", query.get("said")).with("refused", query.get("refused"))));
    } else if (part.equals("live")) {
      html(exchange, 200, pages.render("stack-live", page(customer, exchange).with("live", stacks.live(customer))));
    } else if (part.equals("backups")) {
      html(exchange, 200, reused.get("backups " + customer, () -> backups(customer)));
    } else if (part.equals("plan")) {
      html(exchange, 200, reused.get("plan " + customer, () -> plan(customer)));
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
    if (path.equals("/login")) {
      String address = exchange.getRemoteAddress().getAddress().getHostAddress();
      if (!signIns.allows(address)) {
        LOG.warn("dashboard: sign-in from {} refused unread: too many failed sign-ins", address);
        text(exchange, 429, "too many failed sign-ins from this address; try again in a minute");
        return;
      }
      Optional<String> operator = operators.byToken(form.get("token"));
      if (operator.isEmpty()) {
        signIns.failed(address);
        LOG.warn("dashboard: sign-in refused from {}", address);
        html(exchange, 401, pages.render("login", page("Sign in", exchange).with("next", safeNext(form.get("next")))
            .with("refused", "That token belongs to no operator of this worker (dashboard.operators).")
            .with("noOperators", !operators.any())));
        return;
      }
      exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + operators.signIn(operator.get())
          + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + Operators.SESSION.toSeconds());
      redirect(exchange, safeNext(form.get("next")));
      return;
    }
    if (path.equals("/logout")) {
      operators.signOut(cookie(exchange));
      exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
      redirect(exchange, "/");
      return;
    }
    Matcher stack = STACK.matcher(path);
    String action = stack.matches() ? stack.group(2) : null;
    if (action == null || !(DECISIONS.contains(action) || LOOP_SIGNALS.contains(action))) {
      text(exchange, 404, "no action at " + path + "; actions: " + String.join(", ", DECISIONS) + ", "
          + String.join(", ", LOOP_SIGNALS));
      return;
    }
    Optional<String> operator = operator(exchange);
    if (operator.isEmpty()) {
      LOG.warn("dashboard: {} refused from {}: no operator token", path, exchange.getRemoteAddress().getAddress().getHostAddress());
      text(exchange, 401, "refused: sign in with an operator token (dashboard.operators in the worker configuration) to " + action);
      return;
    }
    String customer = stack.group(1);
    String reason = form.getOrDefault("reason", "").strip();
    if ((action.equals("abort") || action.equals("pause")) && reason.isEmpty()) {
      redirect(exchange, "/stacks/" + customer + "?refused=" + encode(action + " needs a reason, for the record"));
      return;
    }
    Steering steering = new Steering(asOperator.computeIfAbsent(operator.get(), this::clientOf));
    Steering.Outcome outcome = switch (action) {
      case "retry" -> steering.decide(customer, form.getOrDefault("backup", "").isBlank() ? Decision.retry()
          : Decision.retryWith(form.get("backup").strip()));
      case "skip" -> steering.decide(customer, Decision.skip());
      case "accept" -> steering.decide(customer, Decision.accept());
      case "abort" -> steering.decide(customer, Decision.abort(reason + " (" + operator.get() + ", dashboard)"));
      case "sync" -> steering.signalLoop(customer, "sync", ReconcileStackWorkflow::sync);
      case "pause" -> steering.signalLoop(customer, "pause", loop -> loop.pause(reason + " (" + operator.get() + ", dashboard)"));
      default -> steering.signalLoop(customer, "resume", ReconcileStackWorkflow::resume);
    };
    LOG.info("dashboard: {} asked {} of {}: {}", operator.get(), action, customer, outcome.message());
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

  private Optional<String> operator(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      return operators.byToken(authorization.substring("Bearer ".length()).strip());
    }
    return operators.bySession(cookie(exchange));
  }

  private String backups(String customer) {
    ReconcileStatus loop = stacks.loopStatus(customer);
    if (loop == null || loop.repo() == null) {
      return pages.render("note", Map.of("note", "No running loop names this stack's repo: start one "
          + "(stackctl reconcile start " + customer + " --repo <url>) to list its backups here, or run stackctl backups."));
    }
    try {
      CatalogResult catalog = new Backups(client).read(customer, loop.repo(), loop.ref(), null);
      List<Map<String, Object>> rows = catalog.backups().stream().map(b -> {
        Map<String, Object> row = new HashMap<>();
        row.put("id", b.id());
        row.put("kind", b.kind());
        row.put("release", b.release());
        row.put("schema", b.schemaVersion());
        row.put("size", ByteSizes.human(b.size()));
        row.put("createdAt", b.createdAt());
        row.put("age", StackState.age(b.createdAt(), clock.instant()));
        row.put("complete", b.complete());
        return (Map<String, Object>) row;
      }).toList();
      return pages.render("backups", Map.of("store", catalog.store(), "backups", rows, "none", rows.isEmpty()));
    } catch (Backups.Unreadable e) {
      return pages.render("note", Map.of("note", e.getMessage()));
    }
  }

  private String plan(String customer) {
    ReconcileStatus loop = stacks.loopStatus(customer);
    if (loop == null || loop.repo() == null) {
      return pages.render("note", Map.of("note", "No running loop names this stack's repo: stackctl plan " + customer
          + " --repo <url> shows what the newest commit would change."));
    }
    try {
      PlanResult plan = new Plans(client).plan(customer, loop.repo(), loop.ref(), "PT1M");
      return pages.render("plan", Map.of("plan", plan, "ref", loop.ref(), "shortCommit", plan.commit().substring(0, 8)));
    } catch (RuntimeException e) {
      return pages.render("note", Map.of("note", "plan failed: " + Failures.rootMessage(e)));
    }
  }

  /** The model every page starts from: its title and who is signed in. */
  private PageModel page(String title, HttpExchange exchange) {
    PageModel model = new PageModel();
    model.put("title", title);
    model.put("operator", operators.bySession(cookie(exchange)).orElse(null));
    model.put("next", exchange.getRequestURI().getPath());
    return model;
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
