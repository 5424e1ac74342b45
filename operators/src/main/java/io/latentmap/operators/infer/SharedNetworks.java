package io.latentmap.operators.infer;

import io.latentmap.codec.bundle.BundleException;
import io.latentmap.codec.bundle.ModelBundle;
import io.latentmap.codec.onnx.BundleNetworks;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One set of ONNX Runtime sessions per bundle per JVM, shared by every task slot of a TaskManager: sessions are
 * thread-safe and their weights are the biggest memory a slot would otherwise hold. Reference-counted, so the
 * sessions close when the last operator using them closes.
 */
public final class SharedNetworks {
  private static final Map<Key, Entry> OPEN = new HashMap<>();

  private SharedNetworks() {}

  /** A handle on shared networks; closing it releases this user's reference. */
  public static final class Lease implements AutoCloseable {
    private final Key key;
    private final BundleNetworks networks;
    private boolean closed;

    private Lease(Key key, BundleNetworks networks) {
      this.key = key;
      this.networks = networks;
    }

    public BundleNetworks networks() {
      return networks;
    }

    public ModelBundle bundle() {
      return networks.bundle();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(key);
      }
    }
  }

  /** Loads (hashes verified) and opens the bundle once per JVM and thread setting; later calls share it. */
  public static synchronized Lease acquire(Path bundleDirectory, int intraOpThreads) throws BundleException {
    Key key = new Key(bundleDirectory.toAbsolutePath().normalize(), intraOpThreads);
    Entry entry = OPEN.get(key);
    if (entry == null) {
      entry = new Entry(BundleNetworks.open(ModelBundle.load(key.directory()), intraOpThreads));
      OPEN.put(key, entry);
    }
    entry.users++;
    return new Lease(key, entry.networks);
  }

  /** How many users hold the networks of a bundle directory (for tests and diagnostics). */
  static synchronized int users(Path bundleDirectory, int intraOpThreads) {
    Entry entry = OPEN.get(new Key(bundleDirectory.toAbsolutePath().normalize(), intraOpThreads));
    return entry == null ? 0 : entry.users;
  }

  private static synchronized void release(Key key) {
    Entry entry = OPEN.get(key);
    if (entry != null && --entry.users == 0) {
      OPEN.remove(key);
      entry.networks.close();
    }
  }

  private record Key(Path directory, int intraOpThreads) {}

  private static final class Entry {
    final BundleNetworks networks;
    int users;

    Entry(BundleNetworks networks) {
      this.networks = networks;
    }
  }
}
