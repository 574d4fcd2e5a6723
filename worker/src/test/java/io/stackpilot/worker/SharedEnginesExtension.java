package io.stackpilot.worker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Registered for every integration test class (failsafe turns on the extension's autodetection): a class holds its
 * share of the {@link SharedEngines} while it runs, except the one that runs beside the others and takes them whole
 * when it disrupts them.
 */
public final class SharedEnginesExtension implements BeforeAllCallback, AfterAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!runsBesideTheOthers(context)) {
      SharedEngines.use(context.getRequiredTestClass().isAnnotationPresent(UsesSecondEngine.class));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!runsBesideTheOthers(context)) {
      SharedEngines.release(context.getRequiredTestClass().isAnnotationPresent(UsesSecondEngine.class));
    }
  }

  private static boolean runsBesideTheOthers(ExtensionContext context) {
    Execution execution = context.getRequiredTestClass().getAnnotation(Execution.class);
    return execution != null && execution.value() == ExecutionMode.CONCURRENT;
  }
}
