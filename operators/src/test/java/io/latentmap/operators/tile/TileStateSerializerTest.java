package io.latentmap.operators.tile;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentmap.map.fusion.FusionPolicy;
import io.latentmap.map.fusion.TileObservation;
import io.latentmap.map.fusion.TileState;
import io.latentmap.map.tile.StaticClass;
import io.latentmap.map.tile.TileId;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class TileStateSerializerTest {
  private final TileStateSerializer serializer = TileStateSerializer.INSTANCE;

  @Test
  void roundTripsThroughFlinkViewsAndCopiesDeeply() throws Exception {
    TileState state = observed(StaticClass.ROAD.trainId(), 5);
    DataOutputSerializer out = new DataOutputSerializer(1024);
    serializer.serialize(state, out);
    TileState back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    TileState copy = serializer.copy(state);
    apply(state, StaticClass.VEGETATION.trainId(), 10);

    assertThat(back.grid().labels()).isEqualTo(copy.grid().labels()).isNotEqualTo(state.grid().labels());
    assertThat(back.publish().orElseThrow().changedCells()).isEqualTo(copy.publish().orElseThrow().changedCells());
  }

  @Test
  void copiesSerializedBytesUnchanged() throws Exception {
    DataOutputSerializer original = new DataOutputSerializer(1024);
    serializer.serialize(observed(StaticClass.SIDEWALK.trainId(), 3), original);
    DataOutputSerializer copied = new DataOutputSerializer(1024);
    serializer.copy(new DataInputDeserializer(original.getCopyOfBuffer()), copied);

    assertThat(copied.getCopyOfBuffer()).isEqualTo(original.getCopyOfBuffer());
  }

  @Test
  void aRestoredSnapshotIsCompatibleAsIs() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
    TypeSerializerSnapshot<TileState> restored = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    TypeSerializerSchemaCompatibility<TileState> compatibility =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
  }

  private static TileState observed(int trainId, int times) {
    TileState state = new TileState(new TileId(19, 1, 2), 256);
    apply(state, trainId, times);
    return state;
  }

  private static void apply(TileState state, int trainId, int times) {
    for (int i = 0; i < times; i++) {
      state.apply(new TileObservation("f" + i, "vehicle-1", 1_000_000L * (i + 1), new int[] {5, 300, 4000},
          new byte[] {(byte) trainId, (byte) trainId, (byte) trainId}, new float[] {1f, 1f, 1f}, List.of(), null),
          FusionPolicy.DEFAULTS);
    }
  }
}
