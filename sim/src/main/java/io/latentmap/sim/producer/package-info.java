/**
 * The fleet's edge devices as Kafka producers. {@link io.latentmap.sim.producer.FleetProducer} renders each
 * source's view at its true pose, encodes it once with the bundle's edge encoder, sends the longest prefix of
 * layers the source's link affords ({@link io.latentmap.sim.producer.LayerBudget}) as a CompressedFrame carrying
 * the noisy GNSS pose ({@link io.latentmap.sim.producer.WireConventions}), and reports every frame slot with its
 * true pose to a {@link io.latentmap.sim.producer.ProduceListener}. It also replays Cityscapes-layout folders.
 * {@link io.latentmap.sim.producer.KafkaFrameSink} is the Kafka side (key = sourceId, idempotent, acks=all).
 */
package io.latentmap.sim.producer;
