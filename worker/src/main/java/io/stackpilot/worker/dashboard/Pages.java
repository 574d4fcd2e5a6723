package io.stackpilot.worker.dashboard;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;

/** The dashboard's templates (src/main/resources/dashboard/*.mustache), compiled once; every value is HTML-escaped. */
final class Pages {

  private final MustacheFactory templates = new DefaultMustacheFactory("dashboard");

  /** Template {@code name} filled from {@code model}. */
  String render(String name, Object model) {
    Mustache template = templates.compile(name + ".mustache");
    StringWriter out = new StringWriter();
    template.execute(out, model);
    return out.toString();
  }
}
