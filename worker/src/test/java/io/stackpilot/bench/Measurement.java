package io.stackpilot.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the comparison: a piece of work done by Stackpilot and by the tool a user would run instead, each
 * timed over the same runs. Times in seconds; the ratio is the other tool's median over Stackpilot's.
 */
final class Measurement {

  final String work;
  final String stackpilot;
  final String other;
  final String target;
  /** The speed-up the target asks for: 1.5 is "1.5× faster", 1/1.1 is "at most 1.1× the other's time". */
  final double wantedSpeedup;
  /** For work with no other tool to compare with: the most Stackpilot may take, in {@link #unit}. */
  double most = Double.NaN;
  String unit = "s";
  final List<Double> ours = new ArrayList<>();
  final List<Double> theirs = new ArrayList<>();
  long peakHeapBytes;
  /**
   * The other tool was stopped at a time limit in at least one run (--client-limit): its times are at least the ones
   * recorded, the ratio a lower bound, and the target met only when that bound meets it.
   */
  boolean theirsStopped;

  Measurement(String work, String stackpilot, String other, String target, double wantedSpeedup) {
    this.work = work;
    this.stackpilot = stackpilot;
    this.other = other;
    this.target = target;
    this.wantedSpeedup = wantedSpeedup;
  }

  /** Work only Stackpilot does: measured in {@code unit}, its target at most {@code most}. */
  static Measurement alone(String work, String stackpilot, String target, String unit, double most) {
    Measurement line = new Measurement(work, stackpilot, "—", target, Double.NaN);
    line.unit = unit;
    line.most = most;
    return line;
  }

  boolean compared() {
    return !theirs.isEmpty();
  }

  /** A line with no target: a reference, such as the server's own limit, to read the others against. */
  boolean reference() {
    return compared() && Double.isNaN(wantedSpeedup);
  }

  boolean met() {
    return compared() ? speedup() >= wantedSpeedup : median(ours) <= most;
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Largest minus smallest. */
  static double spread(List<Double> values) {
    return values.isEmpty() ? Double.NaN
        : values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
            - values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  /** How many times faster Stackpilot is than the other tool (below 1: slower). */
  double speedup() {
    return median(theirs) / median(ours);
  }
}
