package io.stackpilot.activities.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseSchemaTest {

  @Test
  void newestVersionComesFromVersionedMigrationsOnly() {
    ReleaseSchema schema = ReleaseSchema.of("2.0.0",
        List.of("V1__baseline.sql", "V2__plans.sql", "V10__invoices.sql", "V2_1__fix.sql", "R__views.sql", "README.md"));

    assertThat(schema.newest()).isEqualTo("10");
    assertThat(schema.knows("2.1")).isTrue();
    assertThat(schema.knows("10")).isTrue();
    assertThat(schema.knows("11")).isFalse();
    assertThat(schema.knows("10.1")).isFalse();
  }

  @Test
  void versionsCompareAsNumbersNotText() {
    ReleaseSchema schema = ReleaseSchema.of("1.1.0", List.of("V1__baseline.sql", "V9__nine.sql"));

    assertThat(schema.knows("10")).as("10 is newer than 9").isFalse();
    assertThat(schema.knows("1.5")).isTrue();
  }

  @Test
  void unknownSchemaVersionOrAReleaseWithoutMigrationsIsNotJudged() {
    ReleaseSchema none = ReleaseSchema.of("0.1.0", List.of());

    assertThat(none.newest()).isEqualTo("none");
    assertThat(none.knows(null)).isTrue();
    assertThat(none.knows("null")).isTrue();
    assertThat(none.knows("1")).isTrue();
    assertThat(ReleaseSchema.of("1.0.0", List.of("V1__baseline.sql")).knows(null)).isTrue();
  }
}
