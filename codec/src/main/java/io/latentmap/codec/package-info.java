/**
 * The tensor codec of latentmap: rANS entropy coding of learned latents (docs/formats.md). Pure Java, no Flink.
 * Decoders raise only {@link io.latentmap.codec.CodecException} on bad input.
 */
package io.latentmap.codec;
