package io.latentmap.codec.bundle;

/** A model bundle that cannot be used: unreadable, malformed manifest, or a file that does not match its hash. */
public class BundleException extends Exception {
  private static final long serialVersionUID = 1L;

  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
