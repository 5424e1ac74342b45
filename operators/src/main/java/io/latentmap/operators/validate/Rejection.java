package io.latentmap.operators.validate;

import io.latentmap.schemas.DeadLetterReason;

/** Why a record cannot enter the pipeline: a reason code for machines and a message for people. */
public record Rejection(DeadLetterReason reason, String message) {}
