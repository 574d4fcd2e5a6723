package io.stackpilot.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListenAddressTest {

  @Test
  void hostAndPortAreReadOnceAndEveryOtherFormIsRefused() {
    assertThat(ListenAddress.parse("127.0.0.1:8089")).contains(new ListenAddress("127.0.0.1", 8089));
    assertThat(ListenAddress.parse("dashboard.internal:0")).contains(new ListenAddress("dashboard.internal", 0));
    assertThat(ListenAddress.parse("0.0.0.0:9464").orElseThrow().allInterfaces()).isTrue();
    assertThat(ListenAddress.parse("127.0.0.1:9464").orElseThrow().allInterfaces()).isFalse();
    assertThat(ListenAddress.of("127.0.0.1:8070")).hasToString("127.0.0.1:8070");
    for (String notOne : List.of("8089", ":8089", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:123456",
        "host name:80", "http://127.0.0.1:80", "127.0.0.1:80/x")) {
      assertThat(ListenAddress.parse(notOne)).as(notOne).isEmpty();
    }
    assertThat(ListenAddress.parse(null)).isEmpty();
  }
}
