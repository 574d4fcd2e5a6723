package io.stackpilot.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatTickerTest {

  @Test
  void aStepsEndLetsTheReportBeingSentFinishAndStartsNoOther() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    AtomicInteger reports = new AtomicInteger();
    HeartbeatTicker ticker = new HeartbeatTicker("migrate demo", detail -> {
      reports.incrementAndGet();
      sending.countDown();
      try {
        Thread.sleep(300);
        finished.set(true);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    });
    assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();

    ticker.close();
    int atClose = reports.get();
    Thread.sleep(1500);

    assertThat(interrupted).as("the report in flight was interrupted").isFalse();
    assertThat(finished).isTrue();
    assertThat(reports.get()).as("reports after the step ended").isEqualTo(atClose);
  }

  @Test
  void aReportThatHangsIsInterruptedSoTheStepStillEnds() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    HeartbeatTicker ticker = new HeartbeatTicker("start services", detail -> {
      sending.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });
    assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    ticker.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HeartbeatTicker.LAST_REPORT.plusSeconds(3));
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
  }
}
