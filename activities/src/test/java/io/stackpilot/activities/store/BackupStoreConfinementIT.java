package io.stackpilot.activities.store;

import static io.stackpilot.testing.Failures.applicationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stackpilot.model.InvalidConfigurationException;
import io.stackpilot.model.StoreScopes;
import io.stackpilot.testing.TestEnvironment;
import io.stackpilot.workflows.activities.StoreActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker opens a customer's backup store only where its configuration lets that customer keep backups, on a real
 * share and in Azurite, whoever asks: a stack.yaml (checked at validation too) or a workflow's input.
 */
class BackupStoreConfinementIT {

  private static final String ACCOUNT = "devstoreaccount1";

  private final TestActivityEnvironment temporal = TestActivityEnvironment.newInstance();
  private final String container = "acme-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir
  Path share;

  private StoreLocations locations;

  @BeforeEach
  void confine() throws Exception {
    Files.createDirectories(share.resolve("beta"));
    locations = new StoreLocations(Map.of(ACCOUNT, TestEnvironment.azuriteConnectionString()), Map.of(),
        StoreScopes.confined(Map.of("acme", List.of("azure://" + ACCOUNT + "/" + container),
            StoreScopes.EVERY_CUSTOMER, List.of("file://" + share + "/{customer}"))));
  }

  @AfterEach
  void close() {
    temporal.close();
  }

  @Test
  void aCustomerWritesAndReadsInItsOwnStores() throws Exception {
    for (String own : List.of("file://" + share + "/acme", "file://" + share + "/acme/nightly",
        "azure://" + ACCOUNT + "/" + container, "azure://" + ACCOUNT + "/" + container + "/stacks")) {
      if (own.startsWith("azure:")) {
        new com.azure.storage.blob.BlobServiceClientBuilder().connectionString(TestEnvironment.azuriteConnectionString())
            .buildClient().getBlobContainerClient(container).createIfNotExists();
      }
      BackupStore store = locations.backupStore("acme", own);
      store.writePart("acme", "20261203T020000Z-1a2b3c4d", "files.tar.zst",
          new ByteArrayInputStream("acme's files".getBytes(StandardCharsets.UTF_8)));
      assertThat(store.storedBackups("acme")).as(own).isNotEmpty();
    }
  }

  @Test
  void anotherCustomersStoreTheRootAndNeighboursAreRefusedBeforeAnythingIsOpened() {
    for (String elsewhere : List.of("file:///", "file://" + share, "file://" + share + "/beta",
        "file://" + share + "/acme-eu", "azure://" + ACCOUNT + "/beta", "azure://" + ACCOUNT + "/" + container + "-eu",
        "file://" + share + "/acme/../beta")) {
      assertThatThrownBy(() -> locations.backupStore("acme", elsewhere)).as(elsewhere)
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("backup store '" + elsewhere + "' ");
    }
    assertThat(share.resolve("acme")).as("nothing made").doesNotExist();
    assertThatThrownBy(() -> locations.backupStore("acme", "file:///")).hasMessage("backup store 'file:///' is not one of "
        + "customer acme's backup locations: this worker keeps its backups in or below azure://" + ACCOUNT + "/" + container
        + " or file://" + share + "/acme; backupStores in the worker configuration lists them");
  }

  @Test
  void aLinkInsideTheCustomersStoreThatLeadsOutIsRefused() throws Exception {
    Files.createDirectories(share.resolve("acme"));
    Files.createSymbolicLink(share.resolve("acme/link"), share.resolve("beta"));
    for (String through : List.of("file://" + share + "/acme/link", "file://" + share + "/acme/link/not-yet")) {
      assertThatThrownBy(() -> locations.backupStore("acme", through)).as(through)
          .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("leads by a link out of customer acme's");
    }
    assertThat(share.resolve("beta")).isEmptyDirectory();
  }

  @Test
  void aWorkflowInputNamingAnotherCustomersStoreFailsWithoutRetry() {
    temporal.registerActivitiesImplementations(new StoreActivitiesImpl(locations, TestEnvironment.releasesDir().toString()));
    StoreActivities store = temporal.newActivityStub(StoreActivities.class);

    ApplicationFailure failure = applicationFailure(() -> store.listBackups("file://" + share + "/beta", "acme"));

    assertThat(failure.getType()).isEqualTo("InvalidConfiguration");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith("backup store 'file://" + share + "/beta' is not one of customer acme's");
  }
}
