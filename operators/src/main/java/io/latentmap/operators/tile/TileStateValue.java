package io.latentmap.operators.tile;

import io.latentmap.map.fusion.TileState;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;

/**
 * Flink state holder of a {@link TileState}: its own compact binary form instead of Kryo's reflective one, so a
 * checkpoint writes only the observed blocks of a tile and the format is versioned by map/ itself.
 */
public final class TileStateValue implements Value {
  private static final long serialVersionUID = 1L;

  private TileState state;

  public TileStateValue() {}

  public TileStateValue(TileState state) {
    this.state = state;
  }

  public TileState get() {
    return state;
  }

  @Override
  public void write(DataOutputView out) throws IOException {
    state.write(out);
  }

  @Override
  public void read(DataInputView in) throws IOException {
    state = TileState.read(in);
  }
}
