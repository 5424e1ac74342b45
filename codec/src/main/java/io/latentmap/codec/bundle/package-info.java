/** Model bundles: manifest.json parsing and the SHA-256 verification of every file (docs/formats.md 5). */
package io.latentmap.codec.bundle;
