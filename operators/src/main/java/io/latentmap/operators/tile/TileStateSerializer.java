package io.latentmap.operators.tile;

import io.latentmap.map.fusion.TileState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of a tile's state, in map/'s own versioned binary form (observed blocks only, in bulk).
 *
 * <p>{@link #copy(TileState)} matters as much as the bytes: the heap state backend copies every tile that is
 * written while a checkpoint of it is in flight, and a generic serializer copies by a serialization round trip,
 * which made checkpoints the largest cost after perception in the pipeline benchmark's profile.
 * {@link TileState#copy()} clones arrays instead.
 */
public final class TileStateSerializer extends TypeSerializer<TileState> {
  private static final long serialVersionUID = 1L;

  public static final TileStateSerializer INSTANCE = new TileStateSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<TileState> duplicate() {
    return this; // stateless
  }

  @Override
  public TileState createInstance() {
    return null; // a tile state is only ever created for a tile; Flink does not need a blank one
  }

  @Override
  public TileState copy(TileState from) {
    return from.copy();
  }

  @Override
  public TileState copy(TileState from, TileState reuse) {
    return from.copy();
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(TileState record, DataOutputView target) throws IOException {
    record.write(target);
  }

  @Override
  public TileState deserialize(DataInputView source) throws IOException {
    return TileState.read(source);
  }

  @Override
  public TileState deserialize(TileState reuse, DataInputView source) throws IOException {
    return TileState.read(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    TileState.read(source).write(target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof TileStateSerializer;
  }

  @Override
  public int hashCode() {
    return TileStateSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<TileState> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration; the state format's version is written by map/ inside every value. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TileState> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
