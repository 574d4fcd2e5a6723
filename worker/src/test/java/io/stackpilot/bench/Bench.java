package io.stackpilot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code dev/bench}: each piece of work Stackpilot does, side by side with the tool a user would run instead, on the
 * same machine, data and container limits, in one run; results into {@code bench/results/<date>.md} and {@code .csv}.
 *
 * <pre>
 * Bench [--sizes 200M,1G] [--runs 3[,1]] [--loaders 1,2,4] [--shapes calls,call-center@1G,...] [--fleet 0,1000,3000]
 *       [--client-limit 15m] [--only restore,backup,seed,recovery,rollback,binlog,compose,orchestration,fleet,lexer] [--out DIR]
 * </pre>
 */
public final class Bench {

  private static final Set<String> PARTS = Set.of("restore", "backup", "seed", "recovery", "rollback", "compose",
      "orchestration", "fleet", "lexer", "binlog");

  private Bench() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    List<Long> sizes = List.of(200L << 20, 1L << 30);
    List<Integer> runs = List.of(3);
    List<Integer> loaders = List.of(1, 2, 4);
    List<String> shapes = Arrays.stream(BenchDump.Shape.values()).map(s -> s.key).toList();
    List<Integer> fleets = List.of(0, 1000, 3000);
    Set<String> only = PARTS;
    long clientLimit = 0;
    Path out = Path.of("..", "bench", "results");
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(value.split(",")).map(Bench::bytes).toList();
        case "--runs" -> runs = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
        case "--loaders" -> loaders = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
        case "--shapes" -> shapes = List.of(value.split(","));
        case "--fleet" -> fleets = Arrays.stream(value.split(",")).map(Integer::parseInt).sorted().toList();
        case "--only" -> only = Set.of(value.split(","));
        case "--client-limit" -> clientLimit = seconds(value);
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; allowed: --sizes 200M,1G --runs 3[,1] --loaders 1,2,4 --shapes SHAPE[@BUFFERPOOL],... --fleet 0,1000,3000 --client-limit 15m --only " + String.join(",", PARTS)
            + " --out DIR");
      }
      i++;
    }
    if (!PARTS.containsAll(only) || runs.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("--only takes " + String.join(",", PARTS) + "; --runs at least 1");
    }
    shapes.forEach(Bench::shape);
    Path work = Files.createTempDirectory("stackpilot-bench");
    List<Measurement> lines = new ArrayList<>();
    Instant started = Instant.now();
    for (int i = 0; i < sizes.size(); i++) {
      long size = sizes.get(i);
      // One number of runs for every size, or one per size (the last one for the sizes after it).
      int sizeRuns = runs.get(Math.min(i, runs.size() - 1));
      // Every shape at the first size; at larger ones (the mariadb client takes over 15 minutes a GB here) the calls
      // and call-center shapes of the list, or its first shape.
      List<String> sizeShapes = i == 0 ? shapes : shapes.stream().filter(s -> s.startsWith("calls")
          || s.startsWith("call-center")).toList();
      if (sizeShapes.isEmpty()) {
        sizeShapes = shapes.subList(0, 1);
      }
      int firstShapeLines = lines.size();
      if (only.contains("restore")) {
        for (String spec : sizeShapes.subList(1, sizeShapes.size())) {
          try (DatabaseBench database = new DatabaseBench(work, size, shape(spec), bufferPool(spec), sizeRuns, loaders,
              clientLimit)) {
            lines.addAll(database.restore());
          }
        }
      }
      if (only.contains("restore") || only.contains("backup") || only.contains("seed") || only.contains("recovery")
          || only.contains("rollback")) {
        String first = sizeShapes.get(0);
        try (DatabaseBench database = new DatabaseBench(work, size, shape(first), bufferPool(first), sizeRuns, loaders,
            clientLimit)) {
          if (only.contains("restore")) {
            lines.addAll(firstShapeLines, database.restore());
          }
          if (only.contains("backup")) {
            lines.addAll(database.backup());
          }
          if (only.contains("seed") && i == 0) {
            try (SeedBench seed = new SeedBench(database.dump(), size)) {
              lines.add(seed.measure(sizeRuns));
            }
          }
          if (only.contains("recovery") && i == 0) {
            lines.addAll(new RecoveryBench(work, database.dump(), size).measure(sizeRuns));
          }
          if (only.contains("rollback") && i == 0) {
            lines.add(new RollbackBench(work, database.dump(), size).measure(sizeRuns));
          }
        }
      }
    }
    if (only.contains("binlog")) {
      // The store first on the database's own disk (the archive's fsyncs compete with the commits'), then on another
      // device, as a network share or Azure Blob is to the host (here a tmpfs).
      try (BinlogBench binlog = new BinlogBench(work.resolve("binlog"), work.resolve("binlog-store"),
          "on the database's disk")) {
        lines.addAll(binlog.shipping(runs.get(0)));
        lines.add(binlog.replay(runs.get(0)));
      }
      try (BinlogBench binlog = new BinlogBench(work.resolve("binlog-apart"),
          Files.createTempDirectory(Path.of("/dev/shm"), "stackpilot-bench-store"), "on another device (a tmpfs)")) {
        lines.addAll(binlog.shipping(runs.get(0)));
      }
      lines.addAll(BinlogBench.disasterRecovery(work, runs.get(0)));
    }
    if (only.contains("compose")) {
      try (ComposeBench compose = new ComposeBench(work)) {
        lines.addAll(compose.measure(runs.get(0)));
      }
    }
    if (only.contains("lexer")) {
      lines.addAll(LexerBench.measure(runs.get(0)));
    }
    if (only.contains("orchestration")) {
      lines.add(OrchestrationBench.measure(runs.get(0), 200));
    }
    if (only.contains("fleet")) {
      try (FleetBench fleet = new FleetBench(work)) {
        lines.addAll(fleet.measure(runs.get(0), fleets));
      }
    }
    BenchReport report = new BenchReport(Machine.describe(), lines, started);
    Files.createDirectories(out);
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    Files.writeString(out.resolve(date + ".md"), report.markdown());
    Files.writeString(out.resolve(date + ".csv"), report.csv());
    System.out.println(report.markdown());
    log("written to " + out.resolve(date + ".md") + " and .csv");
    // The SDKs leave threads that are not daemons behind.
    System.exit(0);
  }

  /** The shape of a {@code --shapes} entry ({@code key} or {@code key@buffer pool}). */
  private static BenchDump.Shape shape(String spec) {
    return BenchDump.Shape.of(spec.split("@", 2)[0]);
  }

  /** The buffer pool a {@code --shapes} entry asks for, in bytes; 0 for the server's default. */
  private static long bufferPool(String spec) {
    String[] parts = spec.split("@", 2);
    return parts.length == 1 ? 0 : bytes(parts[1]);
  }

  /** A time limit as given: 900, 900s, 15m or 1h; in seconds. */
  static long seconds(String limit) {
    String s = limit.trim().toLowerCase(Locale.ROOT);
    long unit = s.endsWith("h") ? 3600 : s.endsWith("m") ? 60 : 1;
    long value = Long.parseLong(Character.isDigit(s.charAt(s.length() - 1)) ? s : s.substring(0, s.length() - 1)) * unit;
    if (value < 1) {
      throw new IllegalArgumentException("--client-limit must be at least 1 s, as 900, 900s, 15m or 1h; got " + limit);
    }
    return value;
  }

  static void log(String line) {
    System.err.println("==> " + line);
  }

  static long bytes(String size) {
    String s = size.trim().toUpperCase(Locale.ROOT);
    long unit = s.endsWith("G") ? 1L << 30 : s.endsWith("M") ? 1L << 20 : s.endsWith("K") ? 1L << 10 : 1;
    return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
  }

  static String human(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%d MiB", bytes >> 20);
  }
}
