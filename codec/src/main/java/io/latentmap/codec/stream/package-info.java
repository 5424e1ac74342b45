/** Layer messages of a frame: header, streams, CRC; tensor encoder and decoder (docs/formats.md 4, 7). */
package io.latentmap.codec.stream;
