/** Seeded robustness harnesses: decoder mutation fuzzing and a random round-trip sweep. */
package io.latentmap.codec.fuzz;
