package io.stackpilot.activities.compose;

/** An image of the release cannot be pulled: the message names the image and what the registry said. */
public final class ImageUnavailableException extends RuntimeException {

  public ImageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
