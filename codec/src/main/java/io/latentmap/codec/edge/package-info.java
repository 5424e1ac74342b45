/** The edge side (pixels to layer messages) and the golden/ cases shared with the Python trainer. */
package io.latentmap.codec.edge;
