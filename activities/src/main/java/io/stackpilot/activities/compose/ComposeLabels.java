package io.stackpilot.activities.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels on a stack's containers, networks and volumes: Compose's own, so {@code docker compose -p
 * <customer>} sees the stack as its own, and Stackpilot's (release, commit, image, a hash per aspect).
 */
public final class ComposeLabels {

  public static final String PROJECT = "com.docker.compose.project";
  public static final String SERVICE = "com.docker.compose.service";
  public static final String CONFIG_HASH = "com.docker.compose.config-hash";
  static final String ASPECTS = "io.stackpilot.aspects";
  static final String IMAGE = "io.stackpilot.image";

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private ComposeLabels() {}

  static Map<String, String> container(ComposeProject project, ComposeService service) {
    Map<String, String> aspects = aspectHashes(service);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PROJECT, project.name());
    labels.put(SERVICE, service.name());
    labels.put("com.docker.compose.container-number", "1");
    labels.put("com.docker.compose.oneoff", "False");
    labels.put(CONFIG_HASH, ComposeRenderer.sha256(json(aspects).getBytes()));
    labels.put("com.docker.compose.project.working_dir", project.workingDir().toString());
    labels.put("com.docker.compose.project.config_files", project.composeFile().toString());
    labels.put("io.stackpilot.release", project.release());
    labels.put("io.stackpilot.commit", project.commit());
    labels.put(IMAGE, service.image());
    labels.put(ASPECTS, json(aspects));
    return labels;
  }

  static Map<String, String> network(ComposeProject project) {
    return Map.of(PROJECT, project.name(), "com.docker.compose.network", "default");
  }

  static Map<String, String> volume(ComposeProject project, String volume) {
    return Map.of(PROJECT, project.name(), "com.docker.compose.volume", project.layout().volumeKey(volume));
  }

  /** A short hash of each aspect: enough to tell what changed, without putting values (env) into labels. */
  static Map<String, String> aspectHashes(ComposeService service) {
    Map<String, String> hashes = new TreeMap<>();
    service.aspects().forEach((aspect, value) -> hashes.put(aspect, ComposeRenderer.sha256(json(value).getBytes()).substring(0, 16)));
    return hashes;
  }

  static Map<String, String> readAspects(Map<String, String> labels) {
    String json = labels.get(ASPECTS);
    if (json == null) {
      return Map.of();
    }
    try {
      return CANONICAL.readValue(json, new TypeReference<Map<String, String>>() { });
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  private static String json(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
