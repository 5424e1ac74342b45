/** CompressAI-style entropy models (factorized, Gaussian conditional) and the tables file (docs/formats.md 2, 3). */
package io.latentmap.codec.entropy;
