package io.stackpilot.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which stacks a fleet rollout is for: {@code release=3.43.*,region=eu} — every term must hold; a term is a key and
 * a value that may hold {@code *} (any run of characters) and {@code ?} (one). The keys {@code release},
 * {@code customer} and {@code host} are the stack's own; any other key is a label of stack.yaml, and a stack without
 * that label does not match.
 */
public record StackSelector(String text, List<Term> terms) {

  private static final Pattern KEY = Pattern.compile("[a-z0-9]([a-z0-9_.-]{0,61}[a-z0-9])?");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.*?-]{1,63}");

  /** {@code key=value}, the value a glob. */
  public record Term(String key, String glob) {
    boolean matches(String value) {
      return value != null && Pattern.compile(glob.replace(".", "\\.").replace("*", ".*").replace("?", "."))
          .matcher(value).matches();
    }
  }

  public StackSelector {
    terms = List.copyOf(terms);
  }

  /** Reads a selector; refused with what a term must look like. */
  public static StackSelector parse(String text) {
    return parse("--select", text);
  }

  /** Reads the terms {@code option} was given; refused naming the option. */
  public static StackSelector parse(String option, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidConfigurationException(option + ": empty; expected terms like release=3.43.*,region=eu");
    }
    List<Term> terms = new ArrayList<>();
    for (String term : text.split(",", -1)) {
      int eq = term.indexOf('=');
      String key = eq < 0 ? term : term.substring(0, eq).strip();
      String value = eq < 0 ? "" : term.substring(eq + 1).strip();
      if (eq < 0 || !KEY.matcher(key).matches() || !VALUE.matcher(value).matches()) {
        throw new InvalidConfigurationException(option + ": '" + term + "' must be key=value: a lower-case key (release, "
            + "customer, host or a label) and a value of letters, digits, dots, dashes, underscores, * and ?");
      }
      terms.add(new Term(key, value));
    }
    return new StackSelector(text, terms);
  }

  /**
   * A listing's filters as a selector: {@code host} a name or a glob of one, each of {@code labels} terms of labels
   * ({@code tier=gold,region=eu*}); null or blank: no filter. Refused naming the option that cannot match.
   */
  public static StackSelector filter(String hostOption, String host, String labelOption, List<String> labels) {
    List<Term> terms = new ArrayList<>();
    if (host != null && !host.isBlank()) {
      try {
        terms.addAll(parse(hostOption, "host=" + host).terms());
      } catch (InvalidConfigurationException e) {
        throw new InvalidConfigurationException(hostOption + ": '" + host + "' must be a host name or a glob of one: "
            + "letters, digits, dots, dashes, underscores, * and ?");
      }
    }
    for (String label : labels) {
      if (label == null || label.isBlank()) {
        continue;
      }
      for (Term term : parse(labelOption, label).terms()) {
        if (List.of("release", "customer", "host").contains(term.key())) {
          throw new InvalidConfigurationException(labelOption + ": '" + label + "' names the stack's " + term.key()
              + ", not a label" + ("host".equals(term.key()) ? "; use " + hostOption : ""));
        }
        terms.add(term);
      }
    }
    return new StackSelector(String.join(",", terms.stream().map(t -> t.key() + "=" + t.glob()).toList()), terms);
  }

  /** Whether a stack with this customer, host, release and labels is selected. */
  public boolean matches(String customer, String host, String release, Map<String, String> labels) {
    for (Term term : terms) {
      String value = switch (term.key()) {
        case "release" -> release;
        case "customer" -> customer;
        case "host" -> host;
        default -> labels.get(term.key());
      };
      if (!term.matches(value)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a stack whose labels are not known here (no loop reports them) may be selected: every term on its
   * customer, host and release matches; its labels are judged where its stack.yaml is read.
   */
  public boolean mayMatch(String customer, String host, String release) {
    return terms.stream().allMatch(term -> switch (term.key()) {
      case "release" -> term.matches(release);
      case "customer" -> term.matches(customer);
      case "host" -> term.matches(host);
      default -> true;
    });
  }

  public boolean matches(StackSpec stack) {
    return matches(stack.customer(), stack.host(), stack.release(), stack.labels());
  }
}
