package io.stackpilot.worker;

import java.util.concurrent.Semaphore;

/**
 * What the integration tests here share: the release images on the first Docker Engine (every class uses them) and
 * the second Docker Engine (the classes marked {@link UsesSecondEngine}). The fault suite runs beside the other test
 * classes, which run one after another; what it does that others would see — removing the release images,
 * restarting the second engine — it does alone: it waits for the class that uses the part to end, and the next such
 * class waits for it.
 */
final class SharedEngines {

  private static final int PERMITS = 64;
  /** Fair: a waiting fault suite comes before the next class. */
  private static final Semaphore IMAGES = new Semaphore(PERMITS, true);
  private static final Semaphore SECOND_ENGINE = new Semaphore(PERMITS, true);

  private SharedEngines() {
  }

  /** Held by a test class for as long as it runs. */
  static void use(boolean secondEngine) {
    IMAGES.acquireUninterruptibly();
    if (secondEngine) {
      SECOND_ENGINE.acquireUninterruptibly();
    }
  }

  static void release(boolean secondEngine) {
    if (secondEngine) {
      SECOND_ENGINE.release();
    }
    IMAGES.release();
  }

  /** Held while no other test class runs: the release images may be gone meanwhile. */
  static Exclusive imagesAlone() {
    IMAGES.acquireUninterruptibly(PERMITS);
    return () -> IMAGES.release(PERMITS);
  }

  /** Held while no class that uses the second engine runs: it may restart meanwhile. */
  static Exclusive secondEngineAlone() {
    SECOND_ENGINE.acquireUninterruptibly(PERMITS);
    return () -> SECOND_ENGINE.release(PERMITS);
  }

  interface Exclusive extends AutoCloseable {
    @Override
    void close();
  }
}
