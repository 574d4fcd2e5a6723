package io.stackpilot.activities.store;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A release store in an existing Azure Blob container, blobs {@code [<prefix>/]<version>/…}, each created only if
 * absent.
 */
public final class AzureReleaseTarget implements ReleaseTarget {

  private final BlobContainerClient container;
  private final String prefix;

  public AzureReleaseTarget(BlobContainerClient container, String prefix) {
    this.container = container;
    this.prefix = prefix == null || prefix.isBlank() ? "" : prefix.replaceAll("^/+|/+$", "") + "/";
  }

  @Override
  public String location() {
    return "azure://" + container.getAccountName() + "/" + container.getBlobContainerName()
        + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
  }

  @Override
  public Optional<String> sha256(String path) {
    BlobClient blob = container.getBlobClient(prefix + path);
    if (!blob.exists()) {
      return Optional.empty();
    }
    try (InputStream in = blob.openInputStream()) {
      return Optional.of(Sha256.of(path, in).sha256());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void create(String path, Path file) {
    container.getBlobClient(prefix + path).uploadFromFileWithResponse(new BlobUploadFromFileOptions(file.toString())
        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null, Context.NONE);
  }
}
