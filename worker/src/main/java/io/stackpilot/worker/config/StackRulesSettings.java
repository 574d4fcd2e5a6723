package io.stackpilot.worker.config;

import static io.stackpilot.worker.config.ConfigNodes.textOr;

import com.fasterxml.jackson.databind.JsonNode;
import io.stackpilot.model.StackRules;
import io.stackpilot.model.StoreLocation;
import io.stackpilot.model.StoreScopes;
import io.stackpilot.model.StoreUrl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What stacks may ask of the hosts: secrets, imports, low ports and where each customer's backups may be. */
final class StackRulesSettings {

  private StackRulesSettings() {}

  static StackRules stackRules(JsonNode root, List<String> problems) {
    String dir = textOr(root, "secrets.dir", StackRules.DEFAULT_SECRETS_DIR);
    if (!dir.startsWith("/") || !Path.of(dir).normalize().toString().equals(dir)) {
      problems.add("secrets.dir: '" + dir + "' is not an absolute path without '..' (customers' secret files live in <dir>/<customer>/)");
    }
    Map<String, List<String>> prefixes = new LinkedHashMap<>();
    root.path("secrets").path("allowedPrefixes").properties().forEach(customer -> {
      List<String> list = new ArrayList<>();
      customer.getValue().forEach(p -> {
        if (!p.asText().matches("[A-Z][A-Z0-9_]*_") || p.asText().contains(StackRules.CUSTOMER_SEPARATOR)) {
          problems.add("secrets.allowedPrefixes." + customer.getKey() + ": '" + p.asText()
              + "' is not a prefix of environment variable names in upper case ending in '_' without '"
              + StackRules.CUSTOMER_SEPARATOR + "' (which marks customers' own), e.g. SHARED_SMTP_");
        }
        list.add(p.asText());
      });
      prefixes.put(customer.getKey(), list);
    });
    Set<Integer> ports = new LinkedHashSet<>();
    root.path("ports").path("allowPrivileged").forEach(p -> {
      if (!p.canConvertToInt() || p.asInt() < 1 || p.asInt() > 1023) {
        problems.add("ports.allowPrivileged: '" + p.asText() + "' is not a port from 1 to 1023");
      } else {
        ports.add(p.asInt());
      }
    });
    String imports = textOr(root, "imports.dir", StackRules.DEFAULT_IMPORTS_DIR);
    if (!imports.startsWith("/") || !Path.of(imports).normalize().toString().equals(imports)
        || Path.of(imports).startsWith(dir) || Path.of(dir).startsWith(imports)) {
      problems.add("imports.dir: '" + imports + "' is not an absolute path without '..' apart from secrets.dir (stackctl "
          + "import reads old installations' dumps and files below it)");
    }
    return new StackRules(dir, prefixes, ports, imports, backupStores(root, problems));
  }

  /** Where each customer's backups may be; without the setting, below /var/backups/stackpilot/<customer> only. */
  private static StoreScopes backupStores(JsonNode root, List<String> problems) {
    if (!root.has("backupStores")) {
      return StoreScopes.DEFAULT;
    }
    Map<String, List<String>> roots = new LinkedHashMap<>();
    root.path("backupStores").properties().forEach(entry -> {
      String customer = entry.getKey();
      String at = "backupStores." + customer;
      boolean every = customer.equals(StoreScopes.EVERY_CUSTOMER);
      if (!every && (!customer.matches("[a-z0-9][a-z0-9-]{1,39}") || StackRules.customerRefusal(customer).isPresent())) {
        problems.add(at + ": '" + customer + "' is neither a customer name nor \"" + StoreScopes.EVERY_CUSTOMER + "\"");
      }
      if (!entry.getValue().isArray()) {
        problems.add(at + ": must be a list of store locations");
        return;
      }
      List<String> list = new ArrayList<>();
      entry.getValue().forEach(node -> {
        String location = node.asText();
        String example = location.replace(StoreScopes.CUSTOMER, "acme");
        boolean shaped = StoreLocation.parse(example).isPresent() && !example.equals("file:///");
        boolean placeholder = List.of(location.split("/", -1)).contains(StoreScopes.CUSTOMER);
        if (!shaped || StoreUrl.refusal(example).isPresent()) {
          problems.add(at + ": '" + location + "' is not a plain file:///<dir> or azure://<account>/<container>[/<prefix>]"
              + StoreUrl.refusal(example).map(why -> " (it " + why + ")").orElse(""));
        } else if (every != placeholder || (!every && location.contains(StoreScopes.CUSTOMER))) {
          problems.add(at + ": '" + location + "' " + (every ? "must hold " + StoreScopes.CUSTOMER + " as a whole segment, "
              + "or every customer would share it" : "names one customer's place; " + StoreScopes.CUSTOMER + " belongs under \"*\""));
        }
        list.add(location);
      });
      roots.put(customer, list);
    });
    return StoreScopes.confined(roots);
  }
}
