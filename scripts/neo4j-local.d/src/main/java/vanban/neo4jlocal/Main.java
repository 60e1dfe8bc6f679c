package vanban.neo4jlocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A development/test Neo4j: an embedded 5.26 community DBMS with Bolt on loopback,
 * auth disabled. Prints {@code NEO4J_URI=bolt://HOST:PORT} on stdout once it answers,
 * and stops on SIGTERM/SIGINT or, unless {@code --ignore-stdin}, when stdin closes
 * (so a parent that dies leaves no JVM behind).
 *
 * <pre>
 *   --port N         Bolt port (default 0: a free port chosen by the OS)
 *   --host H         listen address (default 127.0.0.1)
 *   --data DIR       keep the store in DIR (default: a fresh temp dir, deleted on stop)
 *   --pagecache MB   page cache size in MiB (default 64)
 *   --ignore-stdin   do not stop when stdin reaches end of file
 * </pre>
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        String host = "127.0.0.1";
        Path data = null;
        long pagecacheMb = 64;
        boolean watchStdin = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port": port = Integer.parseInt(need(args, ++i)); break;
                case "--host": host = need(args, ++i); break;
                case "--data": data = Paths.get(need(args, ++i)).toAbsolutePath(); break;
                case "--pagecache": pagecacheMb = Long.parseLong(need(args, ++i)); break;
                case "--ignore-stdin": watchStdin = false; break;
                default:
                    System.err.println("neo4j-local: unknown argument " + args[i]);
                    System.exit(2);
            }
        }
        // Keep stdout for the one URI line; everything else goes to stderr.
        PrintStream out = System.out;
        System.setOut(System.err);

        final boolean tempData = data == null;
        final Path home = tempData ? Files.createTempDirectory("neo4j-local-") : data;
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pagecacheMb))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                // Netty's graceful shutdown waits a 5 s quiet period per event loop group by default.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();

        final CountDownLatch stop = new CountDownLatch(1);
        final AtomicBoolean stopped = new AtomicBoolean(false);
        final Thread shutdown = new Thread(() -> {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            try {
                dbms.shutdown();
            } catch (RuntimeException e) {
                System.err.println("neo4j-local: error during shutdown: " + e);
            }
            if (tempData) {
                deleteTree(home);
            }
            stop.countDown();
        }, "neo4j-local-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        // SIGTERM/SIGINT: stop through the shutdown hook and exit 0 (a requested stop is not an error).
        for (String sig : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> System.exit(0));
            } catch (IllegalArgumentException e) {
                // signal not available here: the default handler still runs the hook
            }
        }

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");
        HostnamePort bound = ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        int boundPort = bound != null ? bound.getPort() : port;
        waitForPort(host, boundPort, Duration.ofSeconds(60));

        out.println("NEO4J_URI=bolt://" + host + ":" + boundPort);
        out.flush();
        System.err.println("neo4j-local: ready on bolt://" + host + ":" + boundPort + " (data " + home
                + (tempData ? ", temporary" : "") + "); stop with Ctrl-C, SIGTERM"
                + (watchStdin ? " or by closing stdin" : ""));

        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                try {
                    while (in.read(buf) >= 0) {
                        // discard input; only end of file matters
                    }
                } catch (IOException ignored) {
                    // a broken stdin counts as closed
                }
                System.err.println("neo4j-local: stdin closed, stopping");
                System.exit(0); // runs the shutdown hook
            }, "neo4j-local-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        stop.await();
    }

    private static String need(String[] args, int i) {
        if (i >= args.length) {
            System.err.println("neo4j-local: " + args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static void waitForPort(String host, int port, Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < until) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("Bolt port " + port + " did not open");
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("neo4j-local: could not delete " + root + ": " + e);
        }
    }
}
