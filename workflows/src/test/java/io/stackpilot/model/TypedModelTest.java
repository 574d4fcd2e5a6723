package io.stackpilot.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackpilot.model.ReleaseSpec.ResourceLimits;
import org.junit.jupiter.api.Test;

/** Ports, volume mounts and sizes are read once into values, and travel in the form a release writes them. */
class TypedModelTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void portsReadIntoTheirParts() {
    assertThat(PortMapping.parse("8080:80")).isEqualTo(new PortMapping(null, 8080, 80, "tcp"));
    assertThat(PortMapping.parse("127.0.0.1:5353:53/udp")).isEqualTo(new PortMapping("127.0.0.1", 5353, 53, "udp"));
    assertThat(PortMapping.parse("127.0.0.1:5353:53/udp").spec()).isEqualTo("127.0.0.1:5353:53/udp");
    assertThatThrownBy(() -> PortMapping.parse("http"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("[IP:]HOST:CONTAINER");
  }

  @Test
  void volumeMountsReadIntoTheirParts() {
    assertThat(VolumeMount.parse("db-data:/var/lib/mysql")).isEqualTo(new VolumeMount("db-data", "/var/lib/mysql", false));
    assertThat(VolumeMount.parse("app-data:/data:ro").readOnly()).isTrue();
    assertThatThrownBy(() -> VolumeMount.parse("db-data"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("VOLUME:/path[:ro]");
  }

  @Test
  void memorySizesReadIntoBytes() {
    assertThat(MemorySize.parse("512m").bytes()).isEqualTo(512L << 20);
    assertThat(MemorySize.parse("2g").bytes()).isEqualTo(2L << 30);
    assertThat(MemorySize.parse("640k").bytes()).isEqualTo(640L << 10);
    assertThatThrownBy(() -> MemorySize.parse("1.5g")).isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> MemorySize.parse("99999999999999999g")).hasMessageContaining("too large");
  }

  /** Recorded histories and stored results hold these as strings: the JSON form must not change. */
  @Test
  void jsonFormIsTheWrittenForm() throws Exception {
    assertThat(json.writeValueAsString(PortMapping.parse("8080:80"))).isEqualTo("\"8080:80\"");
    assertThat(json.readValue("\"8080:80\"", PortMapping.class)).isEqualTo(PortMapping.parse("8080:80"));
    assertThat(json.writeValueAsString(VolumeMount.parse("app-data:/data:ro"))).isEqualTo("\"app-data:/data:ro\"");
    assertThat(json.readValue("\"app-data:/data\"", VolumeMount.class)).isEqualTo(VolumeMount.parse("app-data:/data"));
    ResourceLimits limits = new ResourceLimits(MemorySize.parse("512m"), 0.5);
    assertThat(json.writeValueAsString(limits)).isEqualTo("{\"memory\":\"512m\",\"cpus\":0.5}");
    assertThat(json.readValue("{\"memory\":\"512m\",\"cpus\":0.5}", ResourceLimits.class)).isEqualTo(limits);
  }
}
