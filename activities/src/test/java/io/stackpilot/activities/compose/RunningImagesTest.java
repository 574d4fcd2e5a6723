package io.stackpilot.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunningImagesTest {

  @Test
  void repositoryDropsTagAndDigestButKeepsTheRegistryPort() {
    assertThat(RunningImages.repository("127.0.0.1:5000/demo/web:1.0.0")).isEqualTo("127.0.0.1:5000/demo/web");
    assertThat(RunningImages.repository("127.0.0.1:5000/demo/web")).isEqualTo("127.0.0.1:5000/demo/web");
    assertThat(RunningImages.repository("busybox:1.36")).isEqualTo("busybox");
    assertThat(RunningImages.repository("registry.example/app@sha256:" + "ab".repeat(32))).isEqualTo("registry.example/app");
  }
}
