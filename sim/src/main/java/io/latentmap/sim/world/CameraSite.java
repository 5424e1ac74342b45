package io.latentmap.sim.world;

/** A fixed infrastructure camera on a pole: ground position, compass heading, mount height and downward pitch. */
public record CameraSite(int id, double east, double north, double heading, double height, double pitch) {}
