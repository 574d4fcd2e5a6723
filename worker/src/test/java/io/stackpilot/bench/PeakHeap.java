package io.stackpilot.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The most heap this JVM used while a piece of work ran, sampled every 20 ms. */
final class PeakHeap implements AutoCloseable {

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread sampler;

  PeakHeap() {
    System.gc();
    sampler = new Thread(() -> {
      while (running.get()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap");
    sampler.setDaemon(true);
    sampler.start();
  }

  long peak() {
    return peak.get();
  }

  @Override
  public void close() {
    running.set(false);
    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
  }
}
