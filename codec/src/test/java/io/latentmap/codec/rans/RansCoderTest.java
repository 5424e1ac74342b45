package io.latentmap.codec.rans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentmap.codec.CodecException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class RansCoderTest {

  @Property(tries = 300)
  void roundTripIsExactWithEscapes(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4000) int count,
      @ForAll("lanes") int lanes) throws CodecException {
    SplittableRandom random = new SplittableRandom(seed);
    CdfTableSet tables = RandomTables.tableSet(random, 1 + random.nextInt(8));
    TableAssignment assignment = RandomTables.assignment(random, count, tables.size());
    int[] values = RandomTables.values(random, count, tables, assignment);

    assertThat(decode(RansEncoder.encode(values, 0, count, tables, assignment, lanes), count, tables, assignment,
        lanes)).containsExactly(values);
  }

  @Property(tries = 200)
  void codedSizeIsWithinOnePercentOfModelCostPlus16Bytes(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 20000) int count, @ForAll("lanesUpToTwo") int lanes, @ForAll boolean fromModel) {
    SplittableRandom random = new SplittableRandom(seed);
    CdfTableSet tables = RandomTables.tableSet(random, 1 + random.nextInt(8));
    TableAssignment assignment = RandomTables.assignment(random, count, tables.size());
    int[] values = fromModel
        ? RandomTables.sampleFromModel(random, count, tables, assignment)
        : RandomTables.values(random, count, tables, assignment);

    byte[] stream = RansEncoder.encode(values, 0, count, tables, assignment, lanes);
    double costBytes = ModelCost.bits(values, 0, count, tables, assignment) / 8;
    assertThat((double) stream.length).isLessThanOrEqualTo(1.01 * costBytes + 16);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Integer> lanes() {
    return net.jqwik.api.Arbitraries.of(1, 2, 4);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Integer> lanesUpToTwo() {
    return net.jqwik.api.Arbitraries.of(1, 2);
  }

  @Example
  void emptyStreamIsOnlyTheFlushedStates() throws CodecException {
    CdfTableSet tables = RandomTables.tableSet(new SplittableRandom(1), 1);
    TableAssignment assignment = TableAssignment.perBlock(0, 1);
    for (int lanes : new int[] {1, 2, 4}) {
      byte[] stream = RansEncoder.encode(new int[0], 0, 0, tables, assignment, lanes);
      assertThat(stream).hasSize(Rans.flushBytes(lanes));
      assertThat(decode(stream, 0, tables, assignment, lanes)).isEmpty();
    }
  }

  @Example
  void singleValueAndAllZeroTensorsRoundTrip() throws CodecException {
    CdfTableSet tables = RandomTables.tableSet(new SplittableRandom(2), 3);
    TableAssignment assignment = TableAssignment.perBlock(0, 1000);
    for (int lanes : new int[] {1, 2, 4}) {
      int[] one = {7};
      assertThat(decode(RansEncoder.encode(one, 0, 1, tables, assignment, lanes), 1, tables, assignment, lanes))
          .containsExactly(7);
      int[] zeros = new int[2500];
      assertThat(decode(RansEncoder.encode(zeros, 0, zeros.length, tables, assignment, lanes), zeros.length, tables,
          assignment, lanes)).containsExactly(zeros);
    }
  }

  @Example
  void extremeEscapesAtTheFormatLimitRoundTripAndBeyondAreRefused() throws CodecException {
    CdfTableSet tables = RandomTables.tableSet(new SplittableRandom(3), 1);
    int offset = tables.offset(0);
    int escape = tables.escapeSymbol(0);
    TableAssignment assignment = TableAssignment.perBlock(0, 10);
    int lowest = offset - (1 << 30);
    int highest = offset + escape + (1 << 30) - 1;
    int[] values = {lowest, highest, offset, offset + escape, offset - 1};

    assertThat(decode(RansEncoder.encode(values, 0, values.length, tables, assignment, 2), values.length, tables,
        assignment, 2)).containsExactly(values);
    assertThatThrownBy(() -> RansEncoder.encode(new int[] {lowest - 1}, 0, 1, tables, assignment, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too far outside");
    assertThatThrownBy(() -> RansEncoder.encode(new int[] {highest + 1}, 0, 1, tables, assignment, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void singleLaneStreamHasTheCompressAiLayout() {
    // One in-range symbol from a fresh state never renormalises: the stream is just the flushed state,
    // low word first, x = ((L / freq) << 16) + (L % freq) + start.
    QuantizedCdf table = QuantizedCdf.of(new int[] {0, 40000, 65000, 65536}, -1);
    CdfTableSet tables = CdfTableSet.of(java.util.List.of(table));
    byte[] stream = RansEncoder.encode(new int[] {0}, 0, 1, tables, TableAssignment.perBlock(0, 1), 1);
    long l = Rans.STATE_LOWER_BOUND;
    long expected = ((l / 25000) << 16) + (l % 25000) + 40000;
    long actual = java.nio.ByteBuffer.wrap(stream).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(stream).hasSize(8);
    assertThat(actual).isEqualTo(expected);
  }

  @Property(tries = 100)
  void anyCorruptionIsRejectedWithCodecExceptionOnly(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    CdfTableSet tables = RandomTables.tableSet(random, 4);
    int count = 1 + random.nextInt(500);
    TableAssignment assignment = RandomTables.assignment(random, count, tables.size());
    int[] values = RandomTables.values(random, count, tables, assignment);
    int lanes = 1 << random.nextInt(3);
    byte[] stream = RansEncoder.encode(values, 0, count, tables, assignment, lanes);
    byte[] corrupt = Arrays.copyOf(stream, stream.length);
    corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 + random.nextInt(255));

    try {
      int[] decoded = decode(corrupt, count, tables, assignment, lanes);
      // The final-state check catches nearly all corruption; a survivor must at least have the right length.
      assertThat(decoded).hasSize(count);
    } catch (CodecException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 300)
  void streamsDecodedTogetherGiveEachItsValues(@ForAll long seed) throws CodecException {
    SplittableRandom random = new SplittableRandom(seed);
    Streams streams = Streams.random(random);

    RansDecoder.decodeTogether(streams.jobs(streams.encoded));

    for (int k = 0; k < streams.values.length; k++) {
      assertThat(Arrays.copyOfRange(streams.out[k], streams.outFrom[k], streams.outFrom[k] + streams.values[k].length))
          .as("stream %d", k).containsExactly(streams.values[k]);
    }
  }

  @Property(tries = 300)
  void streamsDecodedTogetherFailExactlyWhenOneAloneFails(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Streams streams = Streams.random(random);
    byte[][] corrupt = streams.encoded.clone();
    int victim = random.nextInt(corrupt.length);
    corrupt[victim] = Arrays.copyOf(corrupt[victim], corrupt[victim].length - 4 * random.nextInt(2));
    if (corrupt[victim].length > 0) {
      corrupt[victim][random.nextInt(corrupt[victim].length)] ^= (byte) (1 + random.nextInt(255));
    }

    List<RansDecoder.Job> alone = streams.jobs(corrupt);
    boolean anyFails = false;
    for (RansDecoder.Job job : alone) {
      try {
        RansDecoder.decode(job.stream(), job.off(), job.len(), new int[job.out().length], job.outFrom(), job.count(),
            job.tables(), job.assignment(), job.lanes());
      } catch (CodecException e) {
        anyFails = true;
      }
    }
    if (anyFails) {
      assertThatThrownBy(() -> RansDecoder.decodeTogether(streams.jobs(corrupt)))
          .isInstanceOf(CodecException.class);
    } else {
      assertThatCode(() -> RansDecoder.decodeTogether(streams.jobs(corrupt))).doesNotThrowAnyException();
    }
  }

  /** Independent streams as a frame's layers are: shared or own tables and output array, mostly two lanes. */
  private static final class Streams {
    final int[][] values;
    final CdfTableSet[] tables;
    final TableAssignment[] assignments;
    final int[] lanes;
    final int[][] out;
    final int[] outFrom;
    final byte[][] encoded;

    private Streams(int n) {
      values = new int[n][];
      tables = new CdfTableSet[n];
      assignments = new TableAssignment[n];
      lanes = new int[n];
      out = new int[n][];
      outFrom = new int[n];
      encoded = new byte[n][];
    }

    static Streams random(SplittableRandom random) {
      int n = 1 + random.nextInt(5);
      Streams s = new Streams(n);
      CdfTableSet shared = RandomTables.tableSet(random, 1 + random.nextInt(8));
      boolean shareTables = random.nextInt(4) != 0;
      int[] counts = new int[n];
      int total = 0;
      for (int k = 0; k < n; k++) {
        counts[k] = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(5000);
        total += counts[k];
      }
      int[] sharedOut = new int[total];
      boolean shareOut = random.nextInt(4) != 0;
      int at = 0;
      for (int k = 0; k < n; k++) {
        s.tables[k] = shareTables ? shared : RandomTables.tableSet(random, 1 + random.nextInt(8));
        s.assignments[k] = RandomTables.assignment(random, counts[k], s.tables[k].size());
        s.values[k] = RandomTables.values(random, counts[k], s.tables[k], s.assignments[k]);
        s.lanes[k] = random.nextInt(4) == 0 ? 1 << random.nextInt(3) : 2;
        s.out[k] = shareOut ? sharedOut : new int[counts[k]];
        s.outFrom[k] = shareOut ? at : 0;
        at += counts[k];
        s.encoded[k] = RansEncoder.encode(s.values[k], 0, counts[k], s.tables[k], s.assignments[k], s.lanes[k]);
      }
      return s;
    }

    List<RansDecoder.Job> jobs(byte[][] streams) {
      List<RansDecoder.Job> jobs = new ArrayList<>();
      for (int k = 0; k < values.length; k++) {
        jobs.add(new RansDecoder.Job(streams[k], 0, streams[k].length, out[k], outFrom[k], values[k].length, tables[k],
            assignments[k], lanes[k]));
      }
      return jobs;
    }
  }

  private static int[] decode(byte[] stream, int count, CdfTableSet tables, TableAssignment assignment, int lanes)
      throws CodecException {
    int[] out = new int[count];
    RansDecoder.decode(stream, 0, stream.length, out, 0, count, tables, assignment, lanes);
    return out;
  }
}
