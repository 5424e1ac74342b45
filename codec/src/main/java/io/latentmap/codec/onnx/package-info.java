/** ONNX Runtime sessions of a bundle on the shared environment: networks, hyper-decoder scales, task heads. */
package io.latentmap.codec.onnx;
