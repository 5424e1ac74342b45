package io.latentmap.codec;

/**
 * The codec's one checked exception: a stream, table file or layer message that cannot be decoded because it is
 * corrupt, truncated, foreign, or does not match the model bundle. Decoders raise nothing else for bad input.
 */
public class CodecException extends Exception {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
