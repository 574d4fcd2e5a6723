package io.stackpilot.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The results as a Markdown table for people and a CSV for tools. */
final class BenchReport {

  private final String machine;
  private final List<Measurement> lines;
  private final Instant started;
  private final Instant ended = Instant.now();

  BenchReport(String machine, List<Measurement> lines, Instant started) {
    this.machine = machine;
    this.lines = lines;
    this.started = started;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# dev/bench, ").append(started).append("\n\n")
        .append("Machine: ").append(machine).append(".  \n")
        .append("Runs of each line (column \"runs\") interleaved; median and spread (largest − smallest) in seconds unless said; ")
        .append("ratio = the other tool's median / Stackpilot's (above 1: Stackpilot is faster). Peak heap: the most ")
        .append("heap the worker's JVM used during Stackpilot's runs. The whole run took ")
        .append(Duration.between(started, ended).toMinutes()).append(" min.\n\n")
        .append("| work | runs | Stackpilot | median (spread) | instead | median (spread) | ratio | target | met | peak heap |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Measurement m : lines) {
      md.append("| ").append(cell(m.work)).append(" | ").append(m.ours.size()).append(" | ").append(cell(m.stackpilot))
          .append(" | ")
          .append(time(m.ours, m.unit)).append(" | ").append(cell(m.other)).append(" | ")
          .append(m.compared() ? (m.theirsStopped ? "stopped at " : "") + time(m.theirs, m.unit) : "—").append(" | ")
          .append(m.compared() ? String.format(Locale.ROOT, "%s%.2f×", m.theirsStopped ? "≥ " : "", m.speedup()) : "—")
          .append(" | ")
          .append(m.target).append(" | ").append(m.reference() ? "—" : m.met() ? "yes" : m.theirsStopped ? "not known"
              : "**no**").append(" | ")
          .append(m.peakHeapBytes == 0 ? "—" : (m.peakHeapBytes >> 20) + " MiB").append(" |\n");
    }
    return md.toString();
  }

  String csv() {
    StringBuilder csv = new StringBuilder("work,stackpilot,instead,unit,runs,stackpilot_median,stackpilot_spread,"
        + "instead_median,instead_spread,instead_stopped,ratio,target,met,peak_heap_mib,machine\n");
    for (Measurement m : lines) {
      csv.append(String.join(",", quote(m.work), quote(m.stackpilot), quote(m.other), m.unit,
          String.valueOf(m.ours.size()), number(Measurement.median(m.ours)), number(Measurement.spread(m.ours)),
          number(Measurement.median(m.theirs)), number(Measurement.spread(m.theirs)), String.valueOf(m.theirsStopped),
          m.compared() ? number(m.speedup()) : "", quote(m.target),
          m.reference() || (m.theirsStopped && !m.met()) ? "" : String.valueOf(m.met()),
          String.valueOf(m.peakHeapBytes >> 20), quote(machine))).append('\n');
    }
    return csv.toString();
  }

  /** A table cell: its own bars would end it. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private static String time(List<Double> values, String unit) {
    return String.format(Locale.ROOT, "%.2f %s (%.2f)", Measurement.median(values), unit, Measurement.spread(values));
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
