/** rans64 streams: coder constants, quantised CDF tables, encoder, decoder, model cost (docs/formats.md 1). */
package io.latentmap.codec.rans;
